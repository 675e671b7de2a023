import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { holdSqliteWriteLock, tempDir } from '@steadystate/testkit';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SchemaVersionError } from './errors.js';
import { SqliteAuditSink } from './sqlite-audit-sink.js';
import { MIGRATIONS, migrate, schemaVersion } from './sqlite-migrations.js';
import { door } from './test-machines.js';

describe('SqliteAuditSink', () => {
  it('opens a file another process holds locked before it is WAL: waits for it instead of failing', async () => {
    const file = join(tempDir(), 'audit.db');
    const holder = await holdSqliteWriteLock(file, 300);
    // switching to WAL needs the file to itself, and SQLite does not wait for it on its own
    const sink = new SqliteAuditSink(file, { busyTimeoutMs: 10_000 });
    expect(sink.db.pragma('journal_mode', { simple: true })).toBe('wal');
    sink.close();
    await holder.exited;
  });

  it('writes one state_transitions row per transition, in WAL mode', () => {
    const file = join(tempDir(), 'audit.db');
    const sink = new SqliteAuditSink(file);
    const actor = door.start(undefined, {
      sinks: [sink],
      entity: 'front',
      actor: 'bob',
      metadata: { run: 7 },
    });
    const lock = actor.send('lock');
    actor.send({ type: 'demolish', by: 'crane' });
    const rows = sink.transitions({ entity: 'front' });
    expect(rows).toEqual([
      expect.objectContaining({
        entity_type: 'door',
        from_state: 'closed',
        to_state: 'locked',
        event: 'lock',
        seq: 1,
        actor: 'bob',
      }),
      expect.objectContaining({
        event: 'demolish',
        severity: 'WARNING',
        payload: { seq: 2, by: 'crane' },
        metadata: { run: 7, actor: 'bob' },
      }),
    ]);
    expect(rows[0]).toMatchObject({ id: lock.record.event_id, timestamp: lock.record.timestamp });
    expect(sink.db.pragma('journal_mode', { simple: true })).toBe('wal');
    sink.close();

    const reopened = new Database(file, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) AS n FROM state_transitions').get()).toEqual({ n: 2 });
    reopened.close();
  });

  it('creates the folder of the file when it does not exist (as EventLog does)', () => {
    const file = join(tempDir(), '.state', 'nested', 'audit.db');
    const sink = new SqliteAuditSink(file); // was better-sqlite3's TypeError "directory does not exist"
    door.start(undefined, { sinks: [sink] }).send('open');
    expect(sink.transitions()).toHaveLength(1);
    sink.close();
    expect(existsSync(file)).toBe(true);
  });

  it('groups writes through sink.db: a transaction commits every row or none', () => {
    const sink = new SqliteAuditSink(join(tempDir(), 'audit.db'));
    const actor = door.start(undefined, { sinks: [sink] });
    sink.db
      .transaction(() => {
        actor.send('open');
        actor.send('close');
      })
      .immediate();
    expect(sink.transitions()).toHaveLength(2);
    const before = actor.snapshot();
    expect(() =>
      sink.db
        .transaction(() => {
          actor.send('lock');
          throw new Error('the caller gives up');
        })
        .immediate(),
    ).toThrow('the caller gives up');
    expect(sink.transitions()).toHaveLength(2); // the row is rolled back ...
    expect(actor.state).toBe('locked'); // ... the actor is not: resume from the snapshot taken before
    expect(door.start(before, { sinks: [sink] }).state).toBe('closed');
    sink.close();
  });

  it('ignores a replayed record (same event id)', () => {
    const sink = new SqliteAuditSink(join(tempDir(), 'audit.db'));
    const actor = door.start(undefined, { sinks: [sink] });
    const t = actor.send('open');
    sink.write(t.record);
    expect(sink.transitions()).toHaveLength(1);
    sink.close();
  });

  it('a record the table refuses (event_type null) throws instead of being dropped silently', () => {
    const sink = new SqliteAuditSink(join(tempDir(), 'audit.db'));
    const t = door.start().send('open');
    const bad = { ...t.record, event_id: 'e-null', event_type: null as unknown as string };
    expect(() => sink.write(bad)).toThrow(/NOT NULL constraint failed: state_transitions\.event/);
    expect(sink.transitions()).toHaveLength(0);
    // through an actor it is the actor's SinkError; a replay of a good record is still ignored
    sink.write(t.record);
    sink.write(t.record);
    expect(sink.transitions()).toHaveLength(1);
    sink.close();
  });

  it('records migrations once: reopening applies nothing and keeps the rows', () => {
    const file = join(tempDir(), 'audit.db');
    const db = new Database(file);
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    const first = new SqliteAuditSink(db);
    door.start(undefined, { sinks: [first] }).send('open');
    first.close(); // not owned: stays open
    expect(db.open).toBe(true);
    db.close();

    const again = new SqliteAuditSink(file);
    expect(again.schemaVersion()).toBe(MIGRATIONS.length);
    const applied = again.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(MIGRATIONS.map(({ version, name }) => ({ version, name })));
    expect(again.transitions()).toHaveLength(1);
    again.close();
  });

  it('applies only the missing steps to an older schema', () => {
    const db = new Database(join(tempDir(), 'audit.db'));
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toEqual([1]);
    expect(schemaVersion(db)).toBe(1);
    expect(migrate(db)).toEqual([2]);
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'")
      .all();
    expect(indexes).toHaveLength(2);
    db.close();
  });

  it('refuses a database whose schema is newer than the code', () => {
    const file = join(tempDir(), 'audit.db');
    const db = new Database(file);
    migrate(db);
    db.prepare("INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01')").run();
    db.close();
    expect(() => new SqliteAuditSink(file)).toThrow(SchemaVersionError);
    expect(() => new SqliteAuditSink(file)).toThrow(/expected audit schema version <= 2 .* found 99/);
  });
});
