import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '@steadystate/atomic-write';
import {
  type Backend,
  type CheckpointRef,
  type EntryWrite,
  type MetaUpdate,
  type NewCheckpoint,
  newCheckpointInfo,
  type SnapshotEncoder,
} from './backend.js';
import { keepReachableBatched } from './content-tree.js';
import { ConflictError } from './errors.js';
import { CheckpointFiles } from './json-checkpoints.js';
import { sweepBlobs } from './json-collect.js';
import { type EntryFile, type EntryOnDisk, moveAside, readEntryFile, toEntry } from './json-entry-file.js';
import {
  blobPath,
  exists,
  fileName,
  listFiles,
  mapLimit,
  nameOf,
  readBytes,
  removeFile,
} from './json-files.js';
import { type Journal, journalPath, replayJournal } from './json-journal.js';
import { readMetaFile, updateMetaFile } from './json-meta.js';
import type { JsonBackendOptions } from './json-options.js';
import { LockedQueue } from './locked-queue.js';
import type { Entry, JsonValue } from './types.js';

/**
 * One folder per namespace, one file per key (`entries/`), content-addressed
 * blobs (`blobs/ab/<sha256>`), checkpoints (`checkpoints/`: an info file naming its manifest
 * file, replaced in one rename, see json-checkpoints.ts), meta records (`meta/`). Every write happens under one
 * cross-process lock per namespace (writes queued in this process share one
 * acquisition); every file is replaced atomically. Restore writes a redo
 * journal first, so a crash mid-restore is finished by the next writer.
 */
export class JsonBackend implements Backend {
  readonly kind = 'json';
  readonly #dir: string;
  readonly #write: { fsync: boolean; fsyncDir: boolean };
  readonly #lockTimeoutMs: number;
  readonly #queues = new Map<string, LockedQueue>();

  constructor(opts: JsonBackendOptions = {}) {
    this.#dir = resolve(opts.dir ?? '.steadystate');
    const fsync = opts.fsync ?? true;
    this.#write = { fsync, fsyncDir: fsync };
    this.#lockTimeoutMs = opts.lockTimeoutMs ?? 10_000;
  }

  readonly #made = new Set<string>();

  /** Creates a folder once per process (atomic-write needs the parent to exist). */
  async #mkdir(dir: string) {
    if (this.#made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.#made.add(dir);
  }

  async #writeJson(path: string, value: unknown) {
    await this.#mkdir(dirname(path));
    await writeJsonAtomic(path, value, { ...this.#write, space: 0 });
  }

  #root(ns: string) {
    return join(this.#dir, fileName(ns));
  }
  #entry(ns: string, key: string) {
    return join(this.#root(ns), 'entries', `${fileName(key)}.json`);
  }
  #checkpoints(ns: string) {
    return new CheckpointFiles(join(this.#root(ns), 'checkpoints'), (path, value) =>
      this.#writeJson(path, value),
    );
  }

  /** Runs `op` under the namespace lock (see LockedQueue); `key` lets ops on different keys run in parallel. */
  #locked<T>(ns: string, op: () => Promise<T>, key?: string): Promise<T> {
    let q = this.#queues.get(ns);
    if (!q) {
      q = new LockedQueue(
        join(this.#root(ns), 'namespace'),
        this.#lockTimeoutMs,
        () => this.#replay(ns),
        `namespace "${ns}"`,
      );
      this.#queues.set(ns, q);
    }
    return q.run(op, key);
  }

  #readEntry(ns: string, key: string): Promise<EntryOnDisk> {
    return readEntryFile(this.#entry(ns, key), key);
  }

  /** A corrupt entry file is a CorruptEntryError: the key's value is not known. */
  async getEntry(ns: string, key: string): Promise<Entry | undefined> {
    const disk = await this.#readEntry(ns, key);
    if (disk.state === 'corrupt') throw disk.error;
    return disk.state === 'ok' ? toEntry(disk.entry) : undefined;
  }

  /**
   * Under the lock, before a write replaces or removes the key's file: its revision (one a
   * corrupt file still shows), a corrupt file moved aside to `.corrupt-<time>` first.
   */
  async #revisionForWrite(ns: string, key: string, ifRevision: number | undefined) {
    const disk = await this.#readEntry(ns, key);
    const found = disk.state === 'ok' ? disk.entry.revision : disk.state === 'corrupt' ? disk.revision : 0;
    if (ifRevision !== undefined && ifRevision !== found) throw new ConflictError(key, ifRevision, found);
    if (disk.state === 'corrupt') await moveAside(this.#entry(ns, key));
    return { found, present: disk.state !== 'missing' };
  }

  putEntry(ns: string, key: string, value: JsonValue, ifRevision: number | undefined, now: number) {
    return this.#locked(ns, () => this.#putLocked(ns, key, value, ifRevision, now), key);
  }

  async #putLocked(ns: string, key: string, value: JsonValue, ifRevision: number | undefined, now: number) {
    const { found } = await this.#revisionForWrite(ns, key, ifRevision);
    const entry: EntryFile = { key, revision: found + 1, updatedAt: now, value };
    await this.#writeJson(this.#entry(ns, key), entry);
    return found + 1;
  }

  deleteEntry(ns: string, key: string, ifRevision: number | undefined) {
    return this.#locked(
      ns,
      async () => {
        const { present } = await this.#revisionForWrite(ns, key, ifRevision);
        if (!present) return false;
        await removeFile(this.#entry(ns, key));
        return true;
      },
      key,
    );
  }

  async listKeys(ns: string) {
    const dir = join(this.#root(ns), 'entries');
    const files = await listFiles(dir, '.json');
    const keys = await mapLimit(
      files,
      32,
      async (f) => nameOf(f) ?? (await this.#readNamed(join(dir, `${f}.json`)))?.key,
    );
    return keys.filter((k): k is string => k !== undefined).sort();
  }

  async putBlobs(ns: string, blobs: Array<[string, Uint8Array]>) {
    const root = this.#root(ns);
    await mapLimit(blobs, 16, async ([hash, bytes]) => {
      const path = blobPath(root, hash);
      if (await exists(path)) return;
      await this.#mkdir(dirname(path));
      await writeFileAtomic(path, bytes, this.#write);
    });
  }

  async getBlobs(ns: string, hashes: string[]) {
    const root = this.#root(ns);
    const out = new Map<string, Uint8Array>();
    await mapLimit(hashes, 32, async (h) => {
      const b = /^[0-9a-f]{64}$/.test(h) ? await readBytes(blobPath(root, h)) : undefined;
      if (b) out.set(h, b);
    });
    return out;
  }

  snapshot(ns: string, cp: NewCheckpoint, encode: SnapshotEncoder) {
    return this.#locked(ns, () => this.#snapshotLocked(ns, cp, encode));
  }

  /** Under one lock acquisition: the save, then the snapshot (a crash in between keeps the save only). */
  saveAndSnapshot(ns: string, write: EntryWrite, cp: NewCheckpoint, encode: SnapshotEncoder) {
    return this.#locked(ns, async () => {
      const revision = await this.#putLocked(ns, write.key, write.value, write.ifRevision, write.now);
      return { revision, info: await this.#snapshotLocked(ns, cp, encode) };
    });
  }

  /** Writes the manifest file, then the info file (with the notes) naming it: see CheckpointFiles.put. */
  async #snapshotLocked(ns: string, cp: NewCheckpoint, encode: SnapshotEncoder) {
    const entries = new Map<string, Entry>();
    const files = await listFiles(join(this.#root(ns), 'entries'), '.json');
    await mapLimit(files, 32, async (f) => {
      const e = await this.#readNamed(join(this.#root(ns), 'entries', `${f}.json`), nameOf(f));
      if (e) entries.set(e.key, toEntry(e));
    });
    const encoded = await encode(entries);
    await this.putBlobs(ns, encoded.blobs);
    const info = (name: string) => newCheckpointInfo(cp, encoded, name);
    const used = await this.#checkpoints(ns).put(cp.name, cp.suffixIfTaken === true, info, encoded.manifest);
    return info(used);
  }

  listManifests(ns: string) {
    return this.#checkpoints(ns).list();
  }

  getManifest(ns: string, name: string) {
    return this.#checkpoints(ns).manifest(name);
  }

  replaceAll(ns: string, entries: Map<string, JsonValue>, now: number) {
    return this.#locked(ns, async () => {
      const current = await this.listKeys(ns);
      const puts = await mapLimit([...entries], 32, async ([key, value]): Promise<[string, Entry]> => {
        const revision = (await this.#revisionForWrite(ns, key, undefined)).found + 1;
        return [key, { value, revision, updatedAt: now }];
      });
      const journal: Journal = { puts, deletes: current.filter((k) => !entries.has(k)) };
      await this.#writeJson(journalPath(this.#root(ns)), journal);
      await this.#replay(ns);
    });
  }

  /** Finishes a restore a crash interrupted (see json-journal.ts). */
  #replay(ns: string) {
    const path = (key: string) => this.#entry(ns, key);
    const write = (key: string, file: EntryFile) => this.#writeJson(path(key), file);
    return replayJournal(this.#root(ns), write, (key) => removeFile(path(key)));
  }

  /** Under the lock: each info file's `createdAt` is read and compared there. */
  deleteManifests(ns: string, refs: readonly CheckpointRef[]) {
    return this.#locked(ns, () => this.#checkpoints(ns).delete(refs));
  }

  setPinned(ns: string, name: string, pinned: boolean) {
    return this.#locked(ns, () => this.#checkpoints(ns).setPinned(name, pinned));
  }

  /**
   * Deletes blobs not in `live`, except those reachable from a checkpoint that
   * exists now: under the lock, so a checkpoint another process took after the
   * caller computed `live` keeps its blobs. Also removes manifest files a crashed checkpoint
   * write left that no info file names.
   */
  collect(ns: string, live: Set<string>) {
    return this.#locked(ns, async () => {
      const keep = new Set(live);
      const files = this.#checkpoints(ns);
      await files.sweep();
      const roots = (await files.manifests()).flatMap((m) => Object.values(m));
      await keepReachableBatched(roots, (hs) => this.getBlobs(ns, hs), keep);
      return sweepBlobs(join(this.#root(ns), 'blobs'), keep);
    });
  }

  async setMeta(ns: string, key: string, value: JsonValue) {
    await this.updateMeta(ns, key, () => value);
  }

  async getMeta(ns: string, key: string) {
    return (await readMetaFile(join(this.#root(ns), 'meta', `${fileName(key)}.json`)))?.value;
  }

  /** Under the namespace lock, as every write (queued as `\0meta:<key>`: no entry's key has a NUL). */
  updateMeta(ns: string, key: string, update: MetaUpdate) {
    const path = join(this.#root(ns), 'meta', `${fileName(key)}.json`);
    const write = (p: string, file: object) => this.#writeJson(p, file);
    return this.#locked(ns, () => updateMetaFile(path, key, update, write), `\0meta:${key}`);
  }

  async close() {}

  /** The entry in the file at `path` (of `key` when known from the file name); corrupt: CorruptEntryError. */
  async #readNamed(path: string, key?: string): Promise<EntryFile | undefined> {
    const disk = await readEntryFile(path, key);
    if (disk.state === 'corrupt') throw disk.error;
    return disk.state === 'ok' ? disk.entry : undefined;
  }
}
