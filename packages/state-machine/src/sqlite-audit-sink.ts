import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { InvalidOptionError } from './errors.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-database.js';
import { migrate, schemaVersion } from './sqlite-migrations.js';
import { enableWal } from './sqlite-wal.js';
import type { Severity, TransitionRecord, TransitionSink } from './types.js';

/** Options of `new SqliteAuditSink(file, opts)`. */
export interface SqliteAuditSinkOptions {
  /**
   * How long a write waits for another process's write lock (SQLite `busy_timeout`).
   * @default 5000
   */
  readonly busyTimeoutMs?: number;
}

/** A row of `state_transitions`, with `payload` and `metadata` parsed. */
export interface TransitionRow {
  readonly id: string;
  readonly entity_type: string;
  readonly entity_id: string;
  readonly from_state: string | null;
  readonly to_state: string | null;
  readonly event: string;
  readonly timestamp: string;
  readonly severity: Severity;
  readonly seq: number | null;
  readonly actor: string | null;
  readonly payload: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
}

/**
 * Writes every transition to seed 002's `state_transitions` audit table (§6.7) in an SQLite
 * database in WAL mode; the schema is created and upgraded by versioned migrations recorded in
 * `schema_migrations`. Writes are synchronous: the row exists when `actor.send` returns.
 */
export class SqliteAuditSink implements TransitionSink {
  /**
   * The open database (supported API): for your own queries, and to group writes. The sink
   * writes inside `send`, so `sink.db.transaction(() => { actor.send(a); actor.send(b); }).immediate()`
   * commits both rows or neither. A rollback undoes rows, not transitions: keep the snapshot
   * taken before and resume from it. Do not close it yourself when the sink opened it (`close()`).
   */
  readonly db: SqliteDatabase;
  readonly #owned: boolean;
  readonly #insert: SqliteStatement;

  /**
   * `file` is a path (opened and owned by the sink; its folder is created when missing) or an
   * open better-sqlite3 database (left open by `close`).
   */
  constructor(file: string | SqliteDatabase, opts: SqliteAuditSinkOptions = {}) {
    const busy = opts.busyTimeoutMs ?? 5000;
    if (!Number.isSafeInteger(busy) || busy < 0)
      throw new InvalidOptionError('busyTimeoutMs', 'an integer >= 0', busy);
    if (typeof file === 'string') {
      if (file === '') throw new InvalidOptionError('file', 'a path or a better-sqlite3 Database', file);
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true }); // as EventLog does
      this.db = new Database(file) as unknown as SqliteDatabase;
      this.#owned = true;
    } else {
      this.db = file;
      this.#owned = false;
    }
    this.db.pragma(`busy_timeout = ${busy}`);
    enableWal(this.db, busy);
    this.db.pragma('synchronous = NORMAL');
    migrate(this.db);
    this.#insert = this.db.prepare(
      // only a repeated id is skipped (a replay); OR IGNORE would also drop a row breaking NOT NULL
      `INSERT INTO state_transitions
        (id, entity_type, entity_id, from_state, to_state, event, timestamp, severity, seq, actor, payload, metadata)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(id) DO NOTHING`,
    );
  }

  /**
   * Inserts the transition (a record with an id already present is ignored: replays are
   * harmless). A record the table refuses (a missing `event_type`, ...) throws better-sqlite3's
   * error (`SQLITE_CONSTRAINT_NOTNULL`, ...): it is never dropped silently.
   */
  write(record: TransitionRecord): void {
    const seq = record.payload.seq;
    const actor = record.metadata.actor;
    this.#insert.run(
      record.event_id,
      record.entity_type,
      record.entity_id,
      record.from_state,
      record.to_state,
      record.event_type,
      record.timestamp,
      record.severity,
      typeof seq === 'number' ? seq : null,
      typeof actor === 'string' ? actor : null,
      JSON.stringify(record.payload),
      JSON.stringify(record.metadata),
    );
  }

  /** Rows for one entity (or all), oldest first. */
  transitions(filter: { entityType?: string; entity?: string } = {}): TransitionRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM state_transitions
          WHERE (@type IS NULL OR entity_type = @type) AND (@entity IS NULL OR entity_id = @entity)
          ORDER BY timestamp, rowid`,
      )
      .all({ type: filter.entityType ?? null, entity: filter.entity ?? null }) as Array<
      TransitionRow & { payload: string; metadata: string }
    >;
    return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload), metadata: JSON.parse(r.metadata) }));
  }

  /** Highest schema migration applied. */
  schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Closes the database if the sink opened it. */
  close(): void {
    if (this.#owned && this.db.open) this.db.close();
  }
}
