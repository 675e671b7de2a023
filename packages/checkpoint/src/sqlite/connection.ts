import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ResolvedSqliteOptions } from './options.js';
import { migrate } from './schema.js';
import { prepareStatements, type Statements } from './statements.js';
import { enableWal } from './wal.js';

/** One open database file, with its prepared statements. */
export interface Connection {
  db: Database.Database;
  s: Statements;
  /** Runs its argument in one transaction (made once: better-sqlite3 compiles a wrapper per `transaction()`). */
  inTransaction: RunInTransaction;
}

export interface RunInTransaction {
  <T>(work: () => T): T;
  immediate<T>(work: () => T): T;
}

/**
 * Opens the file (creating its folder): WAL, busy timeout, `synchronous`, schema migrations,
 * then prepares every statement. On failure the file is closed again and the error thrown.
 */
export function openConnection(opts: ResolvedSqliteOptions): Connection {
  if (opts.file !== ':memory:') mkdirSync(dirname(opts.file), { recursive: true });
  const db = new Database(opts.file, { timeout: opts.busyTimeoutMs });
  try {
    enableWal(db, opts.busyTimeoutMs);
    db.pragma(`synchronous = ${opts.synchronous}`);
    migrate(db);
    const inTransaction = db.transaction((work: () => unknown) => work()) as unknown as RunInTransaction;
    return { db, s: prepareStatements(db), inTransaction };
  } catch (error) {
    db.close();
    throw error;
  }
}
