/** Options of `SqliteBackend`. */
export interface SqliteBackendOptions {
  /** Path of the database file (created when missing). Several processes may share it. */
  file: string;
  /**
   * How long a write waits for another process's write transaction before failing with
   * `BackendError` (SQLite `busy_timeout`).
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * SQLite `synchronous` in WAL mode: `'full'` syncs the log at every commit (a committed save
   * survives power loss); `'normal'` syncs at WAL checkpoints only (still never corrupt, and a
   * process crash loses nothing, but power loss may drop the last commits).
   * @default 'full'
   */
  synchronous?: 'full' | 'normal';
}

/** The one internal shape of the options. */
export interface ResolvedSqliteOptions {
  file: string;
  busyTimeoutMs: number;
  synchronous: 'FULL' | 'NORMAL';
}

/** Normalises options; throws TypeError on a value of the wrong type (wrapped by the backend). */
export function resolveSqliteOptions(opts: SqliteBackendOptions | string): ResolvedSqliteOptions {
  const o = typeof opts === 'string' ? { file: opts } : (opts ?? ({} as SqliteBackendOptions));
  if (typeof o.file !== 'string' || o.file === '') {
    throw new TypeError(`expected options.file to be a non-empty path, found ${JSON.stringify(o.file)}`);
  }
  const busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  if (!Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new TypeError(`expected options.busyTimeoutMs to be a number >= 0, found ${String(busyTimeoutMs)}`);
  }
  const sync = o.synchronous ?? 'full';
  if (sync !== 'full' && sync !== 'normal') {
    throw new TypeError(
      `expected options.synchronous to be 'full' or 'normal', found ${JSON.stringify(sync)}`,
    );
  }
  return {
    file: o.file,
    busyTimeoutMs: Math.floor(busyTimeoutMs),
    synchronous: sync === 'full' ? 'FULL' : 'NORMAL',
  };
}
