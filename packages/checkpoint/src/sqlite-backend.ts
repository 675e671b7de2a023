import type {
  Backend,
  CheckpointRef,
  EntryWrite,
  MetaUpdate,
  NewCheckpoint,
  SnapshotEncoder,
  SnapshotEntry,
} from './backend.js';
import { ConflictError, NotFoundError } from './errors.js';
import { lazyEntry } from './lazy-entry.js';
import { byAge } from './retention.js';
import { toBlobKey } from './sqlite/blob-key.js';
import { collectBlobs } from './sqlite/collect.js';
import { type Connection, openConnection } from './sqlite/connection.js';
import { CallerError, wrap } from './sqlite/errors.js';
import { acquireGate, type FileGate, holdGate, releaseGate } from './sqlite/file-gate.js';
import { updateMetaRow } from './sqlite/meta.js';
import {
  type ResolvedSqliteOptions,
  resolveSqliteOptions,
  type SqliteBackendOptions,
} from './sqlite/options.js';
import { PresentBlobs } from './sqlite/present-blobs.js';
import {
  deleteManifestRows,
  putBlob,
  putManifestRow,
  toCheckpointInfo,
  toEntry,
  upsert,
} from './sqlite/rows.js';
import type { CheckpointInfo, Entry, JsonValue } from './types.js';

/**
 * State in one SQLite file (better-sqlite3), safe to share between processes: WAL mode,
 * `busy_timeout`, one transaction per operation (`BEGIN IMMEDIATE` for every write, so a
 * conditional save reads and writes the revision under the write lock), versioned schema
 * migrations (`PRAGMA user_version`). A checkpoint is one transaction that reads every entry,
 * encodes it and writes the blobs and manifest; a restore is one transaction.
 *
 * The file (and its folder) is created on the first call; failures (bad path, busy past the timeout, corrupt
 * data, closed backend) are `BackendError` with the SQLite error as `cause`.
 */
export class SqliteBackend implements Backend {
  readonly kind = 'sqlite';
  /** Path of the database file. */
  readonly file: string;
  readonly #opts: ResolvedSqliteOptions | Error;
  #conn: Connection | undefined;
  /** Held while a checkpoint's transaction spans an await; shared by this process's backends on the file. */
  readonly #gate: FileGate;
  readonly #gateKey: string | undefined;
  #closed = false;
  readonly #present = new PresentBlobs();

  constructor(opts: SqliteBackendOptions) {
    let resolved: ResolvedSqliteOptions | Error;
    try {
      resolved = resolveSqliteOptions(opts);
    } catch (error) {
      resolved = error as Error; // reported by the first call, as every other failure
    }
    this.#opts = resolved;
    this.file =
      resolved instanceof Error ? String((opts as { file?: unknown } | undefined)?.file) : resolved.file;
    const { gate, key } = acquireGate(resolved instanceof Error ? ':memory:' : resolved.file);
    this.#gate = gate;
    this.#gateKey = key;
  }

  getEntry(ns: string, key: string): Promise<Entry | undefined> {
    return this.#run(`read key "${key}"`, ({ s }) => {
      const row = s.getEntry.get(ns, key);
      return row && toEntry(row);
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
    return this.#write(`save key "${key}"`, ({ s }) => upsert(s, ns, key, json, ifRevision, now));
  }

  deleteEntry(ns: string, key: string, ifRevision: number | undefined): Promise<boolean> {
    return this.#write(`delete key "${key}"`, ({ s }) => {
      const found = s.getRev.get(ns, key) ?? 0;
      if (ifRevision !== undefined && ifRevision !== found) throw new ConflictError(key, ifRevision, found);
      return found !== 0 && s.deleteEntry.run(ns, key).changes > 0;
    });
  }

  listKeys(ns: string): Promise<string[]> {
    return this.#run('list keys', ({ s }) => s.listKeys.all(ns).sort());
  }

  putBlobs(ns: string, blobs: Array<[hash: string, bytes: Uint8Array]>): Promise<void> {
    return this.#write(`store ${blobs.length} blobs`, ({ s }) => {
      for (const [hash, bytes] of blobs) putBlob(s, ns, hash, bytes);
    });
  }

  getBlobs(ns: string, hashes: string[]): Promise<Map<string, Uint8Array>> {
    return this.#run(`read ${hashes.length} blobs`, ({ s, inTransaction }) =>
      inTransaction(() => {
        const out = new Map<string, Uint8Array>();
        for (const hash of hashes) {
          const bytes = s.getBlob.get(ns, toBlobKey(hash));
          if (bytes !== undefined) out.set(hash, bytes);
        }
        return out;
      }),
    );
  }

  snapshot(ns: string, cp: NewCheckpoint, encode: SnapshotEncoder): Promise<CheckpointInfo> {
    const operation = `write checkpoint "${cp.name}"`;
    return this.#snapshot(operation, ns, cp, encode, undefined).then((r) => r.info);
  }

  /** The save and the checkpoint commit in one transaction. */
  saveAndSnapshot(
    ns: string,
    write: EntryWrite,
    cp: NewCheckpoint,
    encode: SnapshotEncoder,
  ): Promise<{ revision: number; info: CheckpointInfo }> {
    const operation = `save key "${write.key}" and write checkpoint "${cp.name}"`;
    return this.#snapshot(operation, ns, cp, encode, write);
  }

  /** One IMMEDIATE transaction: the save (if any), every entry read, encoded, blobs and manifest written. */
  async #snapshot(
    operation: string,
    ns: string,
    cp: NewCheckpoint,
    encode: SnapshotEncoder,
    write: EntryWrite | undefined,
  ): Promise<{ revision: number; info: CheckpointInfo }> {
    try {
      return await holdGate(this.#gate, () => this.#snapshotTransaction(ns, cp, encode, write));
    } catch (error) {
      if (error instanceof CallerError) throw error.error;
      throw wrap(operation, error);
    }
  }

  async #snapshotTransaction(
    ns: string,
    cp: NewCheckpoint,
    encode: SnapshotEncoder,
    write: EntryWrite | undefined,
  ): Promise<{ revision: number; info: CheckpointInfo }> {
    const { db, s } = this.#open();
    s.begin.run();
    try {
      const entries = new Map<string, SnapshotEntry>();
      let revision = 0;
      if (write) {
        const json = JSON.stringify(write.value);
        revision = upsert(s, ns, write.key, json, write.ifRevision, write.now);
        entries.set(write.key, lazyEntry(json, revision, write.now));
      }
      // the saved key's text is at hand: only the other rows are read back
      const rows = write ? s.otherEntries.all(ns, write.key) : s.allEntries.all(ns);
      for (const row of rows) entries.set(row.key, lazyEntry(row.value, row.rev, row.updated_at));
      const encoded = await encode(entries).catch((error: unknown) => {
        throw new CallerError(error);
      });
      const present = this.#present.of(s, ns);
      const added: string[] = [];
      for (const [hash, bytes] of encoded.blobs) {
        if (present.has(hash)) continue;
        putBlob(s, ns, hash, bytes);
        added.push(hash);
      }
      const info = putManifestRow(s, ns, cp, encoded);
      s.commit.run();
      this.#present.add(present, added);
      return { revision, info };
    } finally {
      if (db.inTransaction) s.rollback.run();
    }
  }

  listManifests(ns: string): Promise<CheckpointInfo[]> {
    return this.#run('list checkpoints', ({ s }) =>
      s.listManifests.all(ns).map(toCheckpointInfo).sort(byAge),
    );
  }

  getManifest(ns: string, name: string): Promise<Record<string, string> | undefined> {
    return this.#run(`read checkpoint "${name}"`, ({ s }) => {
      const json = s.getManifest.get(ns, name);
      return json === undefined ? undefined : (JSON.parse(json) as Record<string, string>);
    });
  }

  replaceAll(ns: string, entries: Map<string, JsonValue>, now: number): Promise<void> {
    const rows = [...entries].map(([key, value]) => [key, JSON.stringify(value)] as const);
    return this.#write(`replace all ${rows.length} keys`, ({ s }) => {
      const revs = new Map(s.keyRevs.all(ns).map((r) => [r.key, r.rev]));
      for (const key of revs.keys()) if (!entries.has(key)) s.deleteEntry.run(ns, key);
      for (const [key, json] of rows) s.upsertEntry.run(ns, key, json, (revs.get(key) ?? 0) + 1, now);
    });
  }

  /** One IMMEDIATE transaction; a `createdAt` is part of each row's DELETE condition. */
  deleteManifests(ns: string, refs: readonly CheckpointRef[]): Promise<number> {
    return this.#write(`delete ${refs.length} checkpoints`, ({ s }) => deleteManifestRows(s, ns, refs));
  }

  setPinned(ns: string, name: string, pinned: boolean): Promise<void> {
    return this.#write(`pin checkpoint "${name}"`, ({ s }) => {
      if (s.setPinned.run(pinned ? 1 : 0, ns, name).changes === 0)
        throw new NotFoundError('checkpoint', name);
    });
  }

  /**
   * Under the write lock, also keeps what every checkpoint that exists now reaches (one
   * another process took after the caller computed `live` shares blobs it did not
   * rewrite), and bumps the namespace's collection generation, which tells snapshots
   * that blobs they saw before may be gone.
   */
  collect(ns: string, live: Set<string>): Promise<{ blobs: number; bytes: number }> {
    return this.#write('delete unreferenced blobs', ({ s }) => collectBlobs(s, ns, live));
  }

  setMeta(ns: string, key: string, value: JsonValue): Promise<void> {
    const json = JSON.stringify(value);
    return this.#write(`write side record "${key}"`, ({ s }) => {
      s.setMeta.run(ns, key, json);
    });
  }

  getMeta(ns: string, key: string): Promise<JsonValue | undefined> {
    return this.#run(`read side record "${key}"`, ({ s }) => {
      const json = s.getMeta.get(ns, key);
      return json === undefined ? undefined : (JSON.parse(json) as JsonValue);
    });
  }

  /** One IMMEDIATE transaction: the read, `update` and the write under the file's write lock. */
  updateMeta(ns: string, key: string, update: MetaUpdate): Promise<JsonValue | undefined> {
    return this.#write(`update side record "${key}"`, ({ s }) => updateMetaRow(s, ns, key, update));
  }

  /** Waits for a running checkpoint, then closes the file. Idempotent. */
  async close(): Promise<void> {
    while (this.#gate.busy) await this.#gate.busy;
    if (!this.#closed) releaseGate(this.#gateKey);
    this.#closed = true;
    const conn = this.#conn;
    this.#conn = undefined;
    conn?.db.close();
  }

  /** Opens the file on first use: WAL, busy timeout, schema migrations. */
  #open(): Connection {
    if (this.#closed) throw new Error('the backend was closed');
    if (this.#conn) return this.#conn;
    const opts = this.#opts;
    if (opts instanceof Error) throw opts;
    this.#conn = openConnection(opts);
    return this.#conn;
  }

  /** Runs a synchronous read (atomic: nothing else runs on this connection meanwhile). */
  async #run<T>(operation: string, work: (conn: Connection) => T): Promise<T> {
    while (this.#gate.busy) await this.#gate.busy;
    try {
      return work(this.#open());
    } catch (error) {
      if (error instanceof CallerError) throw error.error;
      throw wrap(operation, error);
    }
  }

  /** Runs a synchronous write in one IMMEDIATE transaction (takes the file's write lock first). */
  #write<T>(operation: string, work: (conn: Connection) => T): Promise<T> {
    return this.#run(operation, (conn) => conn.inTransaction.immediate(() => work(conn)));
  }
}
