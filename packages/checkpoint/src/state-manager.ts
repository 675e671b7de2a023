import { assertMaxAge, assertPinned, deleteRequest, pruneRequest } from './argument-asserts.js';
import type { Backend, EntryWrite, SnapshotEntry } from './backend.js';
import { callBackend } from './backend-call.js';
import { BatchRun } from './batch-run.js';
import { type CheckpointRequest, checkpointRequest, saveRequest } from './checkpoint-request.js';
import { decodeManifest, encodeEntries } from './content-tree.js';
import { EncodedKeys } from './encoded-keys.js';
import { BackendError, NotFoundError } from './errors.js';
import { assertJson } from './json-value.js';
import { assertName } from './names.js';
import { NodeCache } from './node-cache.js';
import { type OpenOptions, type ResolvedOpen, resolveOpen } from './open-options.js';
import { type PruneResult, pruneNamespace } from './prune-namespace.js';
import { resolvePolicy } from './retention.js';
import {
  assertHeartbeatOptions,
  DEFAULT_MAX_AGE_MS,
  encodeSessionRecord,
  type HeartbeatOptions,
  parseSessionRecord,
  type SessionInfo,
  sessionInfo,
  sessionIsStale,
  sessionNeedsRecovery,
} from './session-record.js';
import type {
  CheckpointInfo,
  CheckpointOptions,
  Clock,
  JsonValue,
  RetentionPolicy,
  SaveOptions,
  SaveResult,
} from './types.js';
import { writeCheckpoint } from './write-checkpoint.js';

export type { PruneResult } from './prune-namespace.js';

/**
 * A namespace of JSON values with revisions, atomic checkpoints, retention,
 * heartbeats and resumable batch runs, on any Backend.
 */
export class StateManager {
  readonly namespace: string;
  /** The storage in use (advanced: `copyNamespace` and tests use it). */
  readonly backend: Backend;
  readonly #opts: ResolvedOpen;
  readonly #batches = new Map<string, BatchRun>();
  /** What this manager's checkpoints encoded, so the next one redoes only what changed. */
  readonly #nodes = new NodeCache();
  /** Each key's last encoding, so a checkpoint skips keys whose stored text did not change. */
  readonly #keys = new EncodedKeys();
  #exclusive: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(opts: ResolvedOpen) {
    this.#opts = opts;
    this.namespace = opts.namespace;
    this.backend = opts.backend;
  }

  /** Opens (creating when needed) a namespace on a backend. */
  static async open(opts: OpenOptions): Promise<StateManager> {
    return new StateManager(await resolveOpen(opts));
  }

  /** The manager's clock (for BatchRun and copy). */
  get clock(): Clock {
    return this.#opts.clock;
  }

  /** Runs `op`, turning a foreign error into a BackendError (see `callBackend`). */
  async #call<T>(operation: string, op: () => Promise<T>): Promise<T> {
    if (this.#closed)
      throw new BackendError(this.backend.kind, operation, { cause: new Error('manager is closed') });
    return callBackend(this.backend.kind, operation, op);
  }

  /** Checkpoint, restore and prune run one at a time in this process. */
  #serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.#exclusive.then(op, op);
    this.#exclusive = run.catch(() => undefined);
    return run;
  }

  /**
   * Stores `value` under `key`; with `ifRevision` only if the key is at that revision (0 = absent),
   * else ConflictError. With `checkpoint`, also checkpoints the namespace in the same operation
   * (one transaction on SQLite): the checkpoint holds the state this save leaves, with `notes`.
   */
  save(
    key: string,
    value: JsonValue,
    opts: SaveOptions & { checkpoint: true | string },
  ): Promise<Required<SaveResult>>;
  save(key: string, value: JsonValue, opts?: SaveOptions): Promise<SaveResult>;
  async save(key: string, value: JsonValue, opts: SaveOptions = {}): Promise<SaveResult> {
    assertName('key', key);
    assertJson(value);
    const { ifRevision, checkpoint } = saveRequest(opts);
    if (checkpoint) {
      return this.#serial(async () => {
        const write = { key, value, ifRevision, now: this.#opts.clock.now() };
        const { revision, info } = await this.#checkpoint(checkpoint, write);
        return { revision, checkpoint: info };
      });
    }
    const revision = await this.#call(`save "${key}"`, () =>
      this.backend.putEntry(this.namespace, key, value, ifRevision, this.#opts.clock.now()),
    );
    return { revision };
  }

  /** The value of `key`, or `fallback` when it does not exist. */
  async load<T = JsonValue>(key: string, fallback?: T): Promise<T | undefined> {
    const e = await this.get(key);
    return e === undefined ? fallback : (e.value as T);
  }

  /** The value with its revision and time of last save. */
  async get(key: string): Promise<{ value: JsonValue; revision: number; updatedAt: number } | undefined> {
    assertName('key', key);
    return this.#call(`read "${key}"`, () => this.backend.getEntry(this.namespace, key));
  }

  /** Deletes `key`; false when it did not exist. With `ifRevision`, ConflictError unless at that revision. */
  async delete(key: string, opts?: { ifRevision?: number }): Promise<boolean> {
    assertName('key', key);
    const { ifRevision } = deleteRequest(opts);
    return this.#call(`delete "${key}"`, () => this.backend.deleteEntry(this.namespace, key, ifRevision));
  }

  /** All keys, sorted. */
  async keys(): Promise<string[]> {
    return this.#call('list keys', () => this.backend.listKeys(this.namespace));
  }

  #lastCheckpointAt = Number.NEGATIVE_INFINITY;

  /**
   * Snapshots every key atomically under `name` (default `cp-<ISO time>`, with `-2`, `-3`, ...
   * when another manager took that name: a default name never replaces), with `notes` when
   * given; an existing checkpoint of the name given is replaced (its notes too). Prunes afterwards
   * when `retention` was given to `open` (a failed prune goes to `onPruneError`, not to the caller).
   */
  async checkpoint(name?: string, opts?: CheckpointOptions): Promise<CheckpointInfo> {
    const request = checkpointRequest(name, opts);
    return this.#serial(async () => (await this.#checkpoint(request)).info);
  }

  /**
   * A checkpoint (after `write`, in the same backend operation, when given; see
   * `writeCheckpoint`); runs inside #serial.
   */
  async #checkpoint(
    request: CheckpointRequest,
    write?: EntryWrite,
  ): Promise<{ revision: number; info: CheckpointInfo }> {
    // Strictly increasing within this manager, so two checkpoints taken in the same
    // millisecond still list in the order they were taken (backends sort by time, then name).
    const now = Math.max(this.#opts.clock.now(), this.#lastCheckpointAt + 1);
    this.#lastCheckpointAt = now;
    const encode = (entries: Map<string, SnapshotEntry>) => encodeEntries(entries, this.#nodes, this.#keys);
    const call = <T>(operation: string, op: () => Promise<T>) => this.#call(operation, op);
    const target = { backend: this.backend, namespace: this.namespace, now, encode, call };
    const result = await writeCheckpoint(target, request, write);
    // committed: a failed prune must not make the caller retry (and conflict with) its own write
    if (this.#opts.retention)
      await this.#prune(this.#opts.retention, false).catch((error: unknown) =>
        this.#opts.onPruneError(error),
      );
    return result;
  }

  /** Every checkpoint, oldest first. */
  async listCheckpoints(): Promise<CheckpointInfo[]> {
    return this.#call('list checkpoints', () => this.backend.listManifests(this.namespace));
  }

  /** The values a checkpoint holds, without touching the keys. */
  async readCheckpoint(name: string): Promise<Map<string, JsonValue>> {
    assertName('checkpoint', name);
    return this.#call(`read checkpoint "${name}"`, async () => {
      const manifest = await this.backend.getManifest(this.namespace, name);
      if (!manifest) throw new NotFoundError('checkpoint', name);
      return decodeManifest(manifest, (h) => this.backend.getBlobs(this.namespace, h));
    });
  }

  /** Replaces all keys with the checkpoint's, atomically; every restored key gets a new revision. */
  async restore(name: string): Promise<void> {
    assertName('checkpoint', name);
    await this.#serial(async () => {
      const values = await this.readCheckpoint(name);
      await this.#call(`restore "${name}"`, () =>
        this.backend.replaceAll(this.namespace, values, this.#opts.clock.now()),
      );
    });
  }

  /** Deletes a checkpoint (its blobs are collected by the next prune); false when it did not exist. */
  async deleteCheckpoint(name: string): Promise<boolean> {
    assertName('checkpoint', name);
    return this.#serial(() =>
      this.#call(
        `delete checkpoint "${name}"`,
        async () => (await this.backend.deleteManifests(this.namespace, [name])) > 0,
      ),
    );
  }

  /** Pins (or unpins) a checkpoint: prune keeps pinned ones unless `pinned: false`. NotFoundError if absent. */
  async pin(name: string, pinned = true): Promise<void> {
    assertName('checkpoint', name);
    assertPinned(pinned);
    await this.#call(`pin "${name}"`, () => this.backend.setPinned(this.namespace, name, pinned));
  }

  /** Plans with `planRetention`, deletes the removed checkpoints and collects unreferenced blobs (not with `dryRun`). */
  async prune(policy: RetentionPolicy, opts?: { dryRun?: boolean }): Promise<PruneResult> {
    const resolved = resolvePolicy(policy);
    const { dryRun } = pruneRequest(opts);
    return this.#serial(() => this.#prune(resolved, dryRun));
  }

  async #prune(policy: RetentionPolicy, dryRun: boolean): Promise<PruneResult> {
    return this.#call('prune', () =>
      pruneNamespace(this.backend, this.namespace, policy, this.#opts.clock.now(), dryRun),
    );
  }

  /**
   * Records that `session` is alive now, with its status (default `active`): a run beats
   * `active` while it works and `completed` on shutdown (or `paused`, or `error` when it
   * fails), so the next start can tell a crash from a clean stop (see `needsRecovery`).
   * A status other than `active`, `paused`, `completed` or `error` is an `InvalidValueError`.
   */
  async heartbeat(session = 'default', opts?: HeartbeatOptions): Promise<void> {
    assertName('session', session);
    assertHeartbeatOptions(opts);
    const record = encodeSessionRecord(this.#opts.clock.now(), opts?.status ?? 'active');
    await this.#call('heartbeat', () => this.backend.setMeta(this.namespace, `heartbeat:${session}`, record));
  }

  /**
   * The last heartbeat of `session`: its status, time and age on this manager's clock;
   * `undefined` when it never beat (or its record is one this version cannot read).
   */
  async session(session = 'default'): Promise<SessionInfo | undefined> {
    assertName('session', session);
    const stored = await this.#call('read heartbeat', () =>
      this.backend.getMeta(this.namespace, `heartbeat:${session}`),
    );
    const record = parseSessionRecord(stored);
    return record && sessionInfo(session, record, this.#opts.clock.now());
  }

  /**
   * True when `session` never beat, or its last heartbeat is older than `maxAgeMs`
   * (time only, whatever its status: see `needsRecovery` for "did the last run crash?").
   */
  async isStale(maxAgeMs: number, session = 'default'): Promise<boolean> {
    assertName('session', session);
    assertMaxAge(maxAgeMs);
    const info = await this.session(session);
    return sessionIsStale(info, maxAgeMs);
  }

  /**
   * On startup: whether the last run of `session` needs recovery. True when its status is
   * `error`, or when it is `active` with no heartbeat within `maxAgeMs` (default 10 minutes,
   * seed 003's stale check): the run stopped without marking itself `completed` or `paused`.
   * False for `paused`, `completed`, a fresh `active` session and a session that never beat.
   */
  async needsRecovery(maxAgeMs = DEFAULT_MAX_AGE_MS, session = 'default'): Promise<boolean> {
    assertName('session', session);
    assertMaxAge(maxAgeMs);
    return sessionNeedsRecovery(await this.session(session), maxAgeMs);
  }

  /** The batch run `id` of this namespace (the same object for the same id). */
  batch(id: string): BatchRun {
    assertName('batch', id);
    let run = this.#batches.get(id);
    if (!run) {
      run = new BatchRun(this.backend, this.namespace, id, this.#opts.clock);
      this.#batches.set(id, run);
    }
    return run;
  }

  /** Waits for running checkpoints/prunes, then closes the backend if the manager opened it. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#exclusive;
    this.#closed = true;
    if (this.#opts.owned) await this.backend.close();
  }
}
