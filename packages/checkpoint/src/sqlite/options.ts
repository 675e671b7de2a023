import { shown } from '../errors.js';

/** Options of `SqliteBackend`. */
export interface SqliteBackendOptions {
  /** Path of the database file (created with its folder when missing). Several processes may share it. */
  file: string;
  /**
   * How long a write waits for another process's write transaction before failing with
   * `BackendError` (SQLite `busy_timeout`).
   * @default 5000
   */
  busyTimeoutMs?: number;
  /**
   * SQLite `synchronous` in WAL mode. `'normal'` syncs at WAL checkpoints only: a process crash
   * loses no committed write and the file is never corrupt, but an OS crash or power loss may
   * roll back the last commits (better-sqlite3's and LangGraph's SqliteSaver's setting too).
   * `'full'` syncs the log at every commit, so a committed save also survives power loss, at
   * the price of one fsync per write.
   * @default 'normal'
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
    throw new TypeError(`checkpoint: expected options.file to be a non-empty path, found ${shown(o.file)}`);
  }
  const busyTimeoutMs = o.busyTimeoutMs ?? 5000;
  if (!Number.isFinite(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new TypeError(
      `checkpoint: expected options.busyTimeoutMs to be a number >= 0, found ${shown(busyTimeoutMs)}`,
    );
  }
  const sync = o.synchronous ?? 'normal';
  if (sync !== 'full' && sync !== 'normal') {
    throw new TypeError(
      `checkpoint: expected options.synchronous to be 'full' or 'normal', found ${shown(sync)}`,
    );
  }
  return {
    file: o.file,
    busyTimeoutMs: Math.floor(busyTimeoutMs),
    synchronous: sync === 'full' ? 'FULL' : 'NORMAL',
  };
}
