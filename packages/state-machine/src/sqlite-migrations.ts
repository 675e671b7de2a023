import { SchemaVersionError } from './errors.js';
import type { SqliteDatabase } from './sqlite-database.js';

/** One schema step; `version`s are 1, 2, 3, ... and never change once released. */
export interface SqliteMigration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The audit schema: seed 002 §6.7's `state_transitions` table, then its indexes. */
export const MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'create state_transitions',
    sql: `CREATE TABLE state_transitions (
      id          TEXT PRIMARY KEY,
      entity_type TEXT NOT NULL,
      entity_id   TEXT NOT NULL,
      from_state  TEXT,
      to_state    TEXT,
      event       TEXT NOT NULL,
      timestamp   TEXT NOT NULL,
      severity    TEXT NOT NULL DEFAULT 'INFO',
      seq         INTEGER,
      actor       TEXT,
      payload     TEXT NOT NULL DEFAULT '{}',
      metadata    TEXT NOT NULL DEFAULT '{}'
    )`,
  },
  {
    version: 2,
    name: 'index state_transitions by entity and by time',
    sql: `CREATE INDEX idx_state_transitions_entity ON state_transitions (entity_type, entity_id, timestamp);
      CREATE INDEX idx_state_transitions_timestamp ON state_transitions (timestamp)`,
  },
];

/**
 * Brings the database to the latest schema, in one IMMEDIATE transaction (two processes
 * opening the same file at once apply each step once). Idempotent; returns the versions applied now.
 * A database newer than this code is refused with `SchemaVersionError`.
 */
export function migrate(db: SqliteDatabase, migrations: readonly SqliteMigration[] = MIGRATIONS): number[] {
  const latest = migrations.at(-1)?.version ?? 0;
  const run = db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`);
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    if (current > latest) throw new SchemaVersionError(db.name, latest, current);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const step of migrations) {
      if (step.version <= current) continue;
      db.exec(step.sql);
      record.run(step.version, step.name, new Date().toISOString());
      applied.push(step.version);
    }
    return applied;
  });
  return run.immediate();
}

/** Highest migration recorded in the database (0 when none). */
export function schemaVersion(db: SqliteDatabase): number {
  const exists = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (exists === undefined) return 0;
  return (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
}
