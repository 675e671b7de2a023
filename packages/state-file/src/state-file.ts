import { readJson, readJsonSync, writeJsonAtomic, writeJsonAtomicSync } from '@steadystate/atomic-write';
import { type LockHandle, lock } from '@steadystate/file-lock';
import { rotateBackup } from './backup.js';
import { isCorruption, keepAside } from './corruption.js';
import { type ResolvedOptions, resolveOptions, type StateFileOptions } from './options.js';
import type { StateDocument } from './state-document.js';
import { resolveTarget } from './target.js';

/** What an `update()` callback may do: mutate the draft (return nothing) or return a new value. */
// biome-ignore lint/suspicious/noConfusingVoidType: a callback that only mutates the draft returns void
export type Updater<T> = (draft: T) => T | undefined | void | Promise<T | undefined | void>;

/** One JSON document on disk; every access to the file goes through this object. */
export interface StateFile<T> {
  /**
   * The state file, as given. Every operation works on the file it resolves to (symlinks
   * followed, once per operation): the lock, `.bak` and `.corrupt-` copies sit next to that file.
   */
  readonly path: string;
  /**
   * The current document, migrated in memory. No lock for a healthy file (the atomic replace
   * guarantees a whole document); the defaults when the file is missing (nothing is created).
   * A corrupt file is repaired under the lock first.
   */
  read(): Promise<T>;
  /**
   * lock -> read -> migrate -> `fn(draft)` on a deep copy -> validate -> atomic write (the old
   * file becomes `.bak`) -> release. If `fn` throws nothing is written; an unchanged document
   * is not rewritten. Returns the new value.
   */
  update(fn: Updater<T>, opts?: { signal?: AbortSignal }): Promise<T>;
  /** Writes the defaults under the lock (the old file becomes `.bak`). */
  reset(): Promise<T>;
}

/** The document as found under the lock; `text` is undefined when there is no file. */
interface Loaded<T> {
  value: T;
  text: string | undefined;
}

/** Opens (does not create) the state file at `path`, holding documents described by `versioned`. */
export function openStateFile<T>(
  path: string,
  versioned: StateDocument<T>,
  opts?: StateFileOptions,
): StateFile<T> {
  return new JsonStateFile(path, versioned, resolveOptions(opts));
}

class JsonStateFile<T> implements StateFile<T> {
  /**
   * The last document text this object parsed or wrote, with its value: parsing is a pure
   * function of the text, so a re-read that finds the same text (e.g. the locked read of an
   * update right after a plain read) reuses the value instead of migrating and validating
   * it again. The value is never handed out: callers get copies.
   */
  private known: Loaded<T> | undefined;

  constructor(
    readonly path: string,
    private readonly versioned: StateDocument<T>,
    private readonly options: ResolvedOptions,
  ) {}

  async read(): Promise<T> {
    const target = await this.target();
    try {
      const raw = await this.readFile(target);
      if (raw !== undefined) return structuredClone(await this.parseKnown(raw, JSON.stringify(raw)));
    } catch (err) {
      if (!isCorruption(err)) throw err;
      // corrupt: repair under the lock (load re-checks: another process may have repaired it)
      return this.locked(target, undefined, async (handle) =>
        structuredClone((await this.load(target, handle, true)).value),
      );
    }
    return this.versioned.defaults();
  }

  async update(fn: Updater<T>, opts: { signal?: AbortSignal } = {}): Promise<T> {
    const target = await this.target();
    return this.locked(target, opts.signal, (handle) => this.transact(target, handle, fn, true));
  }

  async reset(): Promise<T> {
    const target = await this.target();
    return this.locked(target, undefined, (handle) =>
      this.transact(target, handle, () => this.versioned.defaults(), false),
    );
  }

  /**
   * The file `path` stands for, symlinks resolved, once per operation (a link re-pointed later
   * is followed): lock, reads, writes, `.bak` and `.corrupt-` names all derive from it, so the
   * same file opened through a link and through its target shares one lock and one backup.
   */
  private target(): Promise<string> {
    return resolveTarget(this.path, this.options.syncIo);
  }

  private async locked<R>(
    target: string,
    signal: AbortSignal | undefined,
    fn: (handle: LockHandle) => Promise<R>,
  ): Promise<R> {
    const handle = await lock(target, { ...this.options.lock, signal });
    try {
      return await fn(handle);
    } finally {
      await handle.release();
    }
  }

  private async transact(
    target: string,
    handle: LockHandle,
    fn: Updater<T>,
    restoreBackup: boolean,
  ): Promise<T> {
    const current = await this.load(target, handle, restoreBackup);
    const draft = structuredClone(current.value);
    const returned = await fn(draft);
    const doc = await this.versioned.serialize(returned === undefined ? draft : returned);
    const text = JSON.stringify(doc);
    if (text !== current.text) {
      throwIfCompromised(handle);
      if (this.options.backup && current.text !== undefined) {
        await rotateBackup(target, this.options.fsync, this.options.syncIo);
      }
      throwIfCompromised(handle);
      if (this.options.syncIo) writeJsonAtomicSync(target, doc, this.writeOptions());
      else await writeJsonAtomic(target, doc, this.writeOptions());
    }
    // parse, not `doc` minus its version: for a codec the stored form differs from the value
    return structuredClone(await this.parseKnown(doc, text));
  }

  /** `versioned.parse(raw).value`, reused when `text` (raw as JSON) is the last text seen. */
  private async parseKnown(raw: unknown, text: string): Promise<T> {
    if (this.known !== undefined && this.known.text === text) return this.known.value;
    const { value } = await this.versioned.parse(raw);
    this.known = { value, text };
    return value;
  }

  /** Reads under the lock; a corrupt file is moved aside and replaced before returning. */
  private async load(target: string, handle: LockHandle, restoreBackup: boolean): Promise<Loaded<T>> {
    try {
      const raw = await this.readFile(target);
      if (raw !== undefined) {
        const text = JSON.stringify(raw);
        return { value: await this.parseKnown(raw, text), text };
      }
    } catch (err) {
      if (!isCorruption(err)) throw err;
      return this.recover(target, handle, err, restoreBackup);
    }
    // outside the try: defaults that fail their own schema are the code's error, not corruption
    return { value: this.versioned.defaults(), text: undefined };
  }

  /**
   * The corrupt bytes are kept (hard link or copy) at `<target>.corrupt-<time>` while `target`
   * still holds them; then the repaired document replaces `target` atomically. So `target`
   * always holds the corrupt file or the repaired one: a crash in between is repaired again by
   * the next call, and an unlocked read() meanwhile sees the corrupt file and waits for the lock.
   */
  private async recover(
    target: string,
    handle: LockHandle,
    cause: Error,
    restoreBackup: boolean,
  ): Promise<Loaded<T>> {
    throwIfCompromised(handle);
    const { movedTo, mode } = await keepAside(target, new Date(), this.options.fsync);
    const backup = restoreBackup && this.options.backup ? await this.readBackup(target) : undefined;
    const value = backup ?? this.versioned.defaults();
    const doc = await this.versioned.serialize(value);
    throwIfCompromised(handle);
    await writeJsonAtomic(target, doc, { ...this.writeOptions(), mode });
    this.options.onRecover?.({
      path: this.path,
      movedTo,
      restoredFrom: backup === undefined ? 'defaults' : 'backup',
      cause,
    });
    return { value, text: JSON.stringify(doc) };
  }

  /** The value in `<target>.bak` if it parses and validates (migrating it if older), else undefined. */
  private async readBackup(target: string): Promise<T | undefined> {
    try {
      const raw = await readJson(`${target}.bak`);
      return raw === undefined ? undefined : (await this.versioned.parse(raw)).value;
    } catch {
      return undefined;
    }
  }

  /** The parsed JSON of a file, undefined when it does not exist (`syncIo`: without the thread pool). */
  private readFile(path: string): Promise<unknown> {
    return this.options.syncIo ? Promise.resolve().then(() => readJsonSync(path)) : readJson(path);
  }

  private writeOptions() {
    return { mode: this.options.mode, fsync: this.options.fsync, fsyncDir: this.options.fsync };
  }
}

/** Writing after the lock was lost could overwrite a newer holder's work: refuse. */
function throwIfCompromised(handle: LockHandle): void {
  if (handle.signal.aborted) throw handle.signal.reason;
}
