import type { Redis } from 'ioredis';
import {
  type Backend,
  type CheckpointRef,
  type EntryWrite,
  type MetaUpdate,
  type NewCheckpoint,
  newCheckpointInfo,
  type SnapshotEncoder,
  type SnapshotEntry,
} from './backend.js';
import { ConflictError, NotFoundError } from './errors.js';
import { lazyEntry } from './lazy-entry.js';
import { queueBlobs, readBlobs } from './redis/blobs.js';
import { collectBlobs } from './redis/collect.js';
import {
  exchange,
  ReadyGate,
  type RedisBackendOptions,
  type ResolvedRedisOptions,
  resolveRedisOptions,
} from './redis/connection.js';
import { deleteManifests, queueManifest } from './redis/manifest-scripts.js';
import { updateMetaCas } from './redis/meta.js';
import { check, type ManifestMeta, toCheckpointInfos, toEntries, toEntry } from './redis/replies.js';
import { defineScripts, type ScriptedRedis } from './redis/scripts.js';
import type { CheckpointInfo, Entry, JsonValue } from './types.js';

/**
 * State in Redis, shared by every process and machine using the same server and prefix.
 * Conditional saves, deletes, restores and pins are Lua scripts (the revision compare happens
 * inside Redis). A checkpoint reads every entry of the namespace with one Lua script (an atomic,
 * consistent view that never retries however busy the writers are), encodes it in this process,
 * then writes the new blobs and the manifest (a script that also picks a free default name) in
 * one MULTI/EXEC. Each exchange with Redis is
 * bounded by `timeoutMs`: a server that is down gives `BackendError`, never a hang.
 */
export class RedisBackend implements Backend {
  readonly kind = 'redis';
  /** First part of every key. */
  readonly prefix: string;
  readonly #opts: ResolvedRedisOptions;
  readonly #redis: Redis & ScriptedRedis;
  readonly #ready: ReadyGate;
  #closed = false;
  /** `keyOf`, for the helpers that build keys. */
  readonly #keyOf = (ns: string, part: string) => this.keyOf(ns, part);

  constructor(opts: RedisBackendOptions = {}) {
    this.#opts = resolveRedisOptions(opts);
    this.prefix = this.#opts.prefix;
    this.#redis = defineScripts(this.#opts.client);
    this.#ready = new ReadyGate(this.#opts.client, this.#opts.owned);
  }

  /** The Redis key of `part` (`entry:<key>`, `keys`, `blob:<hash>`, ...) in namespace `ns`. */
  keyOf(ns: string, part: string): string {
    // `%` and `:` in a namespace are escaped, so no namespace's keys can be another's
    return `${this.prefix}:${ns.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'))}:${part}`;
  }

  getEntry(ns: string, key: string): Promise<Entry | undefined> {
    return this.#io(`read key "${key}"`, async (r) => {
      const [value, rev, updatedAt] = await r.hmget(
        this.keyOf(ns, `entry:${key}`),
        'value',
        'rev',
        'updatedAt',
      );
      return value == null ? undefined : toEntry(value, rev, updatedAt);
    });
  }

  putEntry(
    ns: string,
    key: string,
    value: JsonValue,
    ifRevision: number | undefined,
    now: number,
  ): Promise<number> {
    const json = JSON.stringify(value);
    return this.#io(`save key "${key}"`, async (r) => {
      const [ok, rev] = await r.steadystateCheckpointPut(
        this.keyOf(ns, `entry:${key}`),
        this.keyOf(ns, 'keys'),
        ifRevision === undefined ? '' : String(ifRevision),
        json,
        String(now),
        key,
      );
      if (ok !== 1) throw new ConflictError(key, ifRevision ?? 0, rev);
      return rev;
    });
  }

  deleteEntry(ns: string, key: string, ifRevision: number | undefined): Promise<boolean> {
    return this.#io(`delete key "${key}"`, async (r) => {
      const [ok, rev] = await r.steadystateCheckpointDelete(
        this.keyOf(ns, `entry:${key}`),
        this.keyOf(ns, 'keys'),
        ifRevision === undefined ? '' : String(ifRevision),
        key,
      );
      if (ok !== 1) throw new ConflictError(key, ifRevision ?? 0, rev);
      return rev !== 0;
    });
  }

  listKeys(ns: string): Promise<string[]> {
    return this.#io('list keys', async (r) => (await r.smembers(this.keyOf(ns, 'keys'))).sort());
  }

  putBlobs(ns: string, blobs: Array<[hash: string, bytes: Uint8Array]>): Promise<void> {
    if (blobs.length === 0) return Promise.resolve();
    return this.#io(`store ${blobs.length} blobs`, async (r) => {
      const tx = r.multi();
      queueBlobs(tx, this.#keyOf, ns, blobs);
      check(await tx.exec());
    });
  }

  getBlobs(ns: string, hashes: string[]): Promise<Map<string, Uint8Array>> {
    if (hashes.length === 0) return Promise.resolve(new Map());
    return this.#io(`read ${hashes.length} blobs`, (r) => readBlobs(r, this.#keyOf, ns, hashes));
  }

  async snapshot(ns: string, cp: NewCheckpoint, encode: SnapshotEncoder): Promise<CheckpointInfo> {
    const entries = await this.#io('read every key for a checkpoint', async (r) =>
      toEntries(await r.steadystateCheckpointReadAll(this.keyOf(ns, 'keys'), this.keyOf(ns, 'entry:')), 0),
    );
    return this.#writeSnapshot(ns, cp, entries, encode);
  }

  /** The save and the read of every other entry are one script; the checkpoint's writes follow. */
  async saveAndSnapshot(
    ns: string,
    write: EntryWrite,
    cp: NewCheckpoint,
    encode: SnapshotEncoder,
  ): Promise<{ revision: number; info: CheckpointInfo }> {
    const { key, ifRevision } = write;
    const json = JSON.stringify(write.value);
    const [revision, entries] = await this.#io(`save key "${key}" for a checkpoint`, async (r) => {
      const flat = await r.steadystateCheckpointPutReadAll(
        this.keyOf(ns, `entry:${key}`),
        this.keyOf(ns, 'keys'),
        ifRevision === undefined ? '' : String(ifRevision),
        json,
        String(write.now),
        key,
        this.keyOf(ns, 'entry:'),
      );
      const rev = Number(flat[1]);
      if (flat[0] !== 1) throw new ConflictError(key, ifRevision ?? 0, rev);
      const out = toEntries(flat as string[], 2);
      out.set(key, lazyEntry(json, rev, write.now));
      return [rev, out] as const;
    });
    return { revision, info: await this.#writeSnapshot(ns, cp, entries, encode) };
  }

  async #writeSnapshot(
    ns: string,
    cp: NewCheckpoint,
    entries: Map<string, SnapshotEntry>,
    encode: SnapshotEncoder,
  ): Promise<CheckpointInfo> {
    const { name, createdAt, notes } = cp;
    // encoding runs in this process, outside the Redis time bound; its errors pass through as they are
    const encoded = await encode(entries);
    const { keys, bytes } = newCheckpointInfo(cp, encoded);
    const meta: ManifestMeta = { createdAt, keys, bytes, notes };
    const written = await this.#io(`write checkpoint "${name}"`, async (r) => {
      const tx = r.multi();
      queueBlobs(tx, this.#keyOf, ns, encoded.blobs);
      // the name (a free one for `suffixIfTaken`) is picked inside the script, in this MULTI
      const keyOf = (part: string) => this.keyOf(ns, part);
      const manifest = JSON.stringify(encoded.manifest);
      queueManifest(tx, keyOf, name, cp.suffixIfTaken === true, JSON.stringify(meta), manifest);
      return String(check(await tx.exec()).at(-1));
    });
    return newCheckpointInfo(cp, encoded, written);
  }

  listManifests(ns: string): Promise<CheckpointInfo[]> {
    return this.#io('list checkpoints', async (r) => {
      const [all, pinned] = check(
        await r.multi().hgetall(this.keyOf(ns, 'manifests')).smembers(this.keyOf(ns, 'pinned')).exec(),
      ) as [Record<string, string>, string[]];
      return toCheckpointInfos(all, pinned);
    });
  }

  getManifest(ns: string, name: string): Promise<Record<string, string> | undefined> {
    return this.#io(`read checkpoint "${name}"`, async (r) => {
      const json = await r.get(this.keyOf(ns, `manifest:${name}`));
      return json === null ? undefined : (JSON.parse(json) as Record<string, string>);
    });
  }

  replaceAll(ns: string, entries: Map<string, JsonValue>, now: number): Promise<void> {
    const pairs: string[] = [];
    for (const [key, value] of entries) pairs.push(key, JSON.stringify(value));
    return this.#io(`replace all ${entries.size} keys`, async (r) => {
      await r.steadystateCheckpointReplace(
        this.keyOf(ns, 'keys'),
        this.keyOf(ns, 'entry:'),
        String(now),
        ...pairs,
      );
    });
  }

  /** One script: each checkpoint's `createdAt` is compared inside Redis (DELETE_MANIFESTS_SCRIPT). */
  deleteManifests(ns: string, refs: readonly CheckpointRef[]): Promise<number> {
    if (refs.length === 0) return Promise.resolve(0);
    return this.#io(`delete ${refs.length} checkpoints`, (r) =>
      deleteManifests(r, (part) => this.keyOf(ns, part), refs),
    );
  }

  setPinned(ns: string, name: string, pinned: boolean): Promise<void> {
    return this.#io(`pin checkpoint "${name}"`, async (r) => {
      const found = await r.steadystateCheckpointPin(
        this.keyOf(ns, 'manifests'),
        this.keyOf(ns, 'pinned'),
        name,
        pinned ? '1' : '0',
      );
      if (found !== 1) throw new NotFoundError('checkpoint', name);
    });
  }

  /**
   * Also keeps what every checkpoint that exists now reaches, and deletes (in a Lua script,
   * in batches) only while no checkpoint was written since it looked; a collection that
   * loses that race looks again, up to 5 times, and otherwise leaves the rest for the next.
   */
  collect(ns: string, live: Set<string>): Promise<{ blobs: number; bytes: number }> {
    return this.#io('delete unreferenced blobs', (r) =>
      collectBlobs(r, this.#keyOf, ns, live, (hashes) => readBlobs(r, this.#keyOf, ns, hashes)),
    );
  }

  setMeta(ns: string, key: string, value: JsonValue): Promise<void> {
    const json = JSON.stringify(value);
    return this.#io(`write side record "${key}"`, async (r) => {
      await r.hset(this.keyOf(ns, 'meta'), key, json);
    });
  }

  getMeta(ns: string, key: string): Promise<JsonValue | undefined> {
    return this.#io(`read side record "${key}"`, async (r) => {
      const json = await r.hget(this.keyOf(ns, 'meta'), key);
      return json === null ? undefined : (JSON.parse(json) as JsonValue);
    });
  }

  /** Read, `update`, then a Lua compare-and-set, retried when another writer got there first (see redis/meta.ts). */
  updateMeta(ns: string, key: string, update: MetaUpdate): Promise<JsonValue | undefined> {
    return updateMetaCas((operation, work) => this.#io(operation, work), this.keyOf(ns, 'meta'), key, update);
  }

  /** Closes the client the backend created (a `client` passed in is left open). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.#opts.owned) return;
    const client = this.#opts.client;
    if (client.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client.disconnect();
  }

  /** Runs `work` once the client is ready, within `timeoutMs`; failures become BackendError. */
  #io<T>(operation: string, work: (redis: Redis & ScriptedRedis) => Promise<T>): Promise<T> {
    return exchange(operation, this.#opts.timeoutMs, () => {
      if (this.#closed) throw new Error('the backend was closed');
      return this.#ready.wait().then(() => work(this.#redis));
    });
  }
}
