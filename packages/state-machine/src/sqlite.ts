export { SchemaVersionError } from './errors.js';
export {
  SqliteAuditSink,
  type SqliteAuditSinkOptions,
  type TransitionRow,
} from './sqlite-audit-sink.js';
export type { SqliteDatabase, SqliteStatement } from './sqlite-database.js';
export { MIGRATIONS, migrate, type SqliteMigration, schemaVersion } from './sqlite-migrations.js';
