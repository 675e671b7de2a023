import type { SqliteDatabase } from './sqlite-database.js';

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Puts the database file in WAL mode. WAL is a property of the file, so once any connection
 * has switched it there is nothing left to do (the mode is read first). The switch needs the
 * file to itself and SQLite does not run the busy handler for it: processes opening a new file
 * together get SQLITE_BUSY at once, so it is retried with back-off for up to `timeoutMs`.
 * (The checkpoint package's SQLite backend does the same; packages do not import each other's
 * internals, so the few lines stand in both.)
 */
export function enableWal(db: SqliteDatabase, timeoutMs: number): void {
  const until = Date.now() + timeoutMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 50)) {
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= until) throw error;
    }
    Atomics.wait(sleepCell, 0, 0, delay); // opening is synchronous: a short blocking pause
  }
}
