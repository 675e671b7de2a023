/** A prepared statement, as far as this package uses it (a better-sqlite3 `Statement` fits). */
export interface SqliteStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/**
 * The part of a better-sqlite3 `Database` this package uses; declared here so the sink's
 * types do not need `@types/better-sqlite3`.
 */
export interface SqliteDatabase {
  readonly name: string;
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  transaction<T>(fn: () => T): { immediate(): T };
  close(): unknown;
}
