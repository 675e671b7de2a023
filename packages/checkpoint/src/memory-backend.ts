import {
  type Backend,
  type CheckpointRef,
  type EntryWrite,
  type MetaUpdate,
  type NewCheckpoint,
  newCheckpointInfo,
  resolveCheckpointRef,
  type SnapshotEncoder,
} from './backend.js';
import { keepReachable } from './content-tree.js';
import { firstFreeName } from './default-checkpoint-name.js';
import { ConflictError, NotFoundError } from './errors.js';
import { lazyEntry } from './lazy-entry.js';
import { applyMetaUpdate, parseMeta } from './meta-update.js';
import { byAge } from './retention.js';
import type { CheckpointInfo, Entry, JsonValue } from './types.js';

/** An entry as held: its JSON text (a copy no caller can mutate, and what checkpoints encode). */
interface Held {
  text: string;
  revision: number;
  updatedAt: number;
}

interface Space {
  entries: Map<string, Held>;
  blobs: Map<string, Uint8Array>;
  checkpoints: Map<string, { info: CheckpointInfo; manifest: Record<string, string> }>;
  /** Side records as JSON text. */
  meta: Map<string, string>;
}

/**
 * Keeps everything in this process's memory: for tests and short-lived runs.
 * One instance can serve several managers (pass it as `backend`).
 */
export class MemoryBackend implements Backend {
  readonly kind = 'memory';
  readonly #spaces = new Map<string, Space>();

  #space(ns: string): Space {
    let s = this.#spaces.get(ns);
    if (!s) {
      s = { entries: new Map(), blobs: new Map(), checkpoints: new Map(), meta: new Map() };
      this.#spaces.set(ns, s);
    }
    return s;
  }

  /** How many blobs a namespace holds and their bytes (for tests and benchmarks). */
  blobStats(ns: string): { blobs: number; bytes: number } {
    let bytes = 0;
    const blobs = this.#space(ns).blobs;
    for (const b of blobs.values()) bytes += b.length;
    return { blobs: blobs.size, bytes };
  }

  async getEntry(ns: string, key: string): Promise<Entry | undefined> {
    const e = this.#space(ns).entries.get(key);
    return e && { value: JSON.parse(e.text) as JsonValue, revision: e.revision, updatedAt: e.updatedAt };
  }

  async putEntry(ns: string, key: string, value: JsonValue, ifRevision: number | undefined, now: number) {
    return this.#put(ns, key, value, ifRevision, now);
  }

  #put(ns: string, key: string, value: JsonValue, ifRevision: number | undefined, now: number): number {
    const entries = this.#space(ns).entries;
    const found = entries.get(key)?.revision ?? 0;
    if (ifRevision !== undefined && ifRevision !== found) throw new ConflictError(key, ifRevision, found);
    entries.set(key, { text: JSON.stringify(value), revision: found + 1, updatedAt: now });
    return found + 1;
  }

  async deleteEntry(ns: string, key: string, ifRevision: number | undefined) {
    const entries = this.#space(ns).entries;
    const found = entries.get(key)?.revision ?? 0;
    if (ifRevision !== undefined && ifRevision !== found) throw new ConflictError(key, ifRevision, found);
    return entries.delete(key);
  }

  async listKeys(ns: string) {
    return [...this.#space(ns).entries.keys()].sort();
  }

  async putBlobs(ns: string, blobs: Array<[string, Uint8Array]>) {
    const store = this.#space(ns).blobs;
    for (const [h, b] of blobs) if (!store.has(h)) store.set(h, Uint8Array.from(b));
  }

  async getBlobs(ns: string, hashes: string[]) {
    const store = this.#space(ns).blobs;
    const out = new Map<string, Uint8Array>();
    for (const h of hashes) {
      const b = store.get(h);
      if (b) out.set(h, b);
    }
    return out;
  }

  snapshot(ns: string, cp: NewCheckpoint, encode: SnapshotEncoder): Promise<CheckpointInfo> {
    return this.#snapshot(ns, cp, encode);
  }

  async saveAndSnapshot(
    ns: string,
    write: EntryWrite,
    cp: NewCheckpoint,
    encode: SnapshotEncoder,
  ): Promise<{ revision: number; info: CheckpointInfo }> {
    // synchronous up to the snapshot's read: no other call runs between the save and the read
    const revision = this.#put(ns, write.key, write.value, write.ifRevision, write.now);
    return { revision, info: await this.#snapshot(ns, cp, encode) };
  }

  async #snapshot(ns: string, cp: NewCheckpoint, encode: SnapshotEncoder): Promise<CheckpointInfo> {
    const space = this.#space(ns);
    // a consistent read: taken synchronously, before any other call can run (texts are immutable)
    const copy = new Map([...space.entries].map(([k, e]) => [k, lazyEntry(e.text, e.revision, e.updatedAt)]));
    const encoded = await encode(copy);
    await this.putBlobs(ns, encoded.blobs);
    // synchronous from the name check to the write: no other call runs in between
    const name = cp.suffixIfTaken ? firstFreeName(cp.name, (n) => space.checkpoints.has(n)) : cp.name;
    const info = newCheckpointInfo(cp, encoded, name);
    space.checkpoints.delete(name);
    space.checkpoints.set(name, { info, manifest: { ...encoded.manifest } });
    return { ...info };
  }

  async listManifests(ns: string) {
    return [...this.#space(ns).checkpoints.values()].map((c) => ({ ...c.info })).sort(byAge);
  }

  async getManifest(ns: string, name: string) {
    const c = this.#space(ns).checkpoints.get(name);
    return c && { ...c.manifest };
  }

  async replaceAll(ns: string, entries: Map<string, JsonValue>, now: number) {
    const space = this.#space(ns);
    const next = new Map<string, Held>();
    for (const [k, value] of entries) {
      next.set(k, {
        text: JSON.stringify(value),
        revision: (space.entries.get(k)?.revision ?? 0) + 1,
        updatedAt: now,
      });
    }
    space.entries = next;
  }

  async deleteManifests(ns: string, refs: readonly CheckpointRef[]) {
    const cps = this.#space(ns).checkpoints;
    let deleted = 0;
    for (const { name, createdAt } of refs.map(resolveCheckpointRef)) {
      const c = cps.get(name);
      if (c && (createdAt === undefined || c.info.createdAt === createdAt) && cps.delete(name)) deleted++;
    }
    return deleted;
  }

  async setPinned(ns: string, name: string, pinned: boolean) {
    const c = this.#space(ns).checkpoints.get(name);
    if (!c) throw new NotFoundError('checkpoint', name);
    c.info.pinned = pinned;
  }

  async collect(ns: string, live: Set<string>) {
    const space = this.#space(ns);
    const store = space.blobs;
    const keep = new Set(live);
    for (const { manifest } of space.checkpoints.values())
      keepReachable(Object.values(manifest), (h) => store.get(h), keep);
    let blobs = 0;
    let bytes = 0;
    for (const [h, b] of store) {
      if (keep.has(h)) continue;
      store.delete(h);
      blobs++;
      bytes += b.length;
    }
    return { blobs, bytes };
  }

  async setMeta(ns: string, key: string, value: JsonValue) {
    this.#space(ns).meta.set(key, JSON.stringify(value));
  }

  async getMeta(ns: string, key: string) {
    return parseMeta(this.#space(ns).meta.get(key))?.value;
  }

  /** Synchronous from the read to the write: no other call runs in between. */
  async updateMeta(ns: string, key: string, update: MetaUpdate) {
    const meta = this.#space(ns).meta;
    const change = applyMetaUpdate(update, parseMeta(meta.get(key)));
    if (change.text === undefined) meta.delete(key);
    else meta.set(key, change.text);
    return change.value;
  }

  async close() {}
}
