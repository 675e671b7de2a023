import type { Database } from 'better-sqlite3';

/**
 * Versioned schema of the SQLite backend. `PRAGMA user_version` holds the number of
 * migrations applied; each migration runs once, in order, inside the same IMMEDIATE
 * transaction that bumps the version, so processes opening one file at the same time
 * apply it exactly once. Append migrations; never edit a landed one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: entries, content-addressed blobs, checkpoint manifests, side records; all per namespace.
  // Blobs are small (a few hundred bytes) and many: their bytes are appended in rowid order
  // (full pages, nothing else in the row), and blob_keys maps (namespace, sha256 as its 32
  // bytes, see blob-key.ts) to the row: each hash is stored once.
  `CREATE TABLE entries (
     ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     rev INTEGER NOT NULL, updated_at INTEGER NOT NULL,
     PRIMARY KEY (ns, key));
   CREATE TABLE blobs (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
   CREATE TABLE blob_keys (
     ns TEXT NOT NULL, hash BLOB NOT NULL, id INTEGER NOT NULL,
     PRIMARY KEY (ns, hash)) WITHOUT ROWID;
   CREATE TABLE manifests (
     ns TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL,
     keys INTEGER NOT NULL, bytes INTEGER NOT NULL, pinned INTEGER NOT NULL DEFAULT 0,
     manifest TEXT NOT NULL,
     PRIMARY KEY (ns, name));
   CREATE TABLE meta (
     ns TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (ns, key));`,
  // 2: a checkpoint's notes (NULL: none). Adding a nullable column rewrites no row, so a
  // version-1 file upgrades in place, its checkpoints kept (with no notes).
  'ALTER TABLE manifests ADD COLUMN notes TEXT;',
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Thrown when the file was written by a newer version of the backend. */
export class NewerSchemaError extends Error {
  constructor(readonly found: number) {
    super(`a database at schema version ${found}, newer than the ${SCHEMA_VERSION} this version knows`);
    this.name = 'NewerSchemaError';
  }
}

/** Brings the database to SCHEMA_VERSION; a no-op (one read) when it is already there. */
export function migrate(db: Database): void {
  const current = () => db.pragma('user_version', { simple: true }) as number;
  if (current() === SCHEMA_VERSION) return;
  db.transaction(() => {
    // re-read under the write lock: another process may have migrated meanwhile
    const from = current();
    if (from > SCHEMA_VERSION) throw new NewerSchemaError(from);
    for (let v = from; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
