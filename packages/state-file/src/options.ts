/** What `onRecover` is told after a corrupt file was moved aside and replaced. */
export interface RecoverEvent {
  /** The state file that was repaired, as given to `openStateFile`. */
  path: string;
  /**
   * Where the corrupt bytes are kept: `<file>.corrupt-<timestamp>`, next to the file `path`
   * resolves to (symlinks followed), as an absolute path.
   */
  movedTo: string;
  /** `'backup'` when `<path>.bak` parsed and validated, else `'defaults'`. */
  restoredFrom: 'backup' | 'defaults';
  /** Why the file was judged corrupt (`ECORRUPT`, `EVALIDATION`, or `EMIGRATION` with reason `missing-version` / `invalid-version`). */
  cause: Error;
}

/** Options of {@link openStateFile}. */
export interface StateFileOptions {
  /**
   * Lock settings for `update()`, `reset()` and the repair of a corrupt file.
   * @default { staleMs: 10000, timeoutMs: 10000 }
   */
  lock?: {
    /** A lock not refreshed for this long may be taken over. @default 10000 */
    staleMs?: number;
    /** Give up waiting after this long (`ELOCKTIMEOUT`). @default 10000 */
    timeoutMs?: number;
  };
  /**
   * Keep `<file>.bak`, the last good copy, and restore from it when the file is corrupt.
   * With `false` no `.bak` is written and a corrupt file is replaced by the defaults.
   * @default true
   */
  backup?: boolean;
  /** Mode of a new file (an existing file keeps its mode). @default 0o600 */
  mode?: number;
  /** fsync the file and its directory on every write. @default true */
  fsync?: boolean;
  /**
   * Read, back up and write the file with synchronous `fs` calls instead of the thread pool
   * (the lock is taken synchronously in any case). For short-lived processes such as CLI
   * hooks, where a thread-pool round trip per call costs more than the call; it blocks the
   * event loop for the read and the fsyncs. The repair of a corrupt file stays asynchronous.
   * @default false
   */
  syncIo?: boolean;
  /**
   * Told, once per repair, when a corrupt file was moved aside and replaced. Called under the
   * lock after the repaired file is on disk; an exception it throws reaches the caller.
   * @default undefined
   */
  onRecover?: (event: RecoverEvent) => void;
}

/** The one internal shape of the options. */
export interface ResolvedOptions {
  lock: { staleMs: number; timeoutMs: number };
  backup: boolean;
  mode: number;
  fsync: boolean;
  syncIo: boolean;
  onRecover: ((event: RecoverEvent) => void) | undefined;
}

/** Normalises loose user options, filling in every default. */
export function resolveOptions(opts: StateFileOptions = {}): ResolvedOptions {
  return {
    lock: { staleMs: opts.lock?.staleMs ?? 10_000, timeoutMs: opts.lock?.timeoutMs ?? 10_000 },
    backup: opts.backup ?? true,
    mode: opts.mode ?? 0o600,
    fsync: opts.fsync ?? true,
    syncIo: opts.syncIo ?? false,
    onRecover: opts.onRecover,
  };
}
