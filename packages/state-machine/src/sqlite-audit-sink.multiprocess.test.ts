import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAtBarrier, tempDir } from '@steadystate/testkit';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from './sqlite-migrations.js';

const FIXTURE = fileURLToPath(new URL('../test/fixtures/audit-child.mjs', import.meta.url));

/** A fixture child behind the start barrier; `done` is its stdout, rejecting unless it exits 0. */
function child(opts: object) {
  const c = startAtBarrier(FIXTURE, [JSON.stringify(opts)]);
  const done = c.done.then((r) => {
    if (r.code !== 0) throw new Error(`child exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  });
  return { ready: c.ready, start: c.go, done };
}

// README: "opening twice (or from two processes) applies each step once".
describe('SqliteAuditSink: several processes open one fresh file at once and write', () => {
  it('6 processes x 200 transitions: every row there once, each migration applied once', async () => {
    const file = join(tempDir(), '.state', 'audit.db'); // neither the file nor its folder exists yet
    const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const count = 200;
    const children = names.map((name) => child({ file, name, count }));
    await Promise.all(children.map((c) => c.ready)); // a child that dies early fails now
    for (const c of children) c.start();
    for (const out of await Promise.all(children.map((c) => c.done)))
      expect(out).toContain(`done ${MIGRATIONS.length}`);

    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM state_transitions').get()).toEqual({
      n: names.length * count,
    });
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(
      MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
    for (const name of names) {
      const rows = db
        .prepare('SELECT seq, payload FROM state_transitions WHERE entity_id = ? ORDER BY seq')
        .all(name) as Array<{ seq: number; payload: string }>;
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(rows.map((r) => JSON.parse(r.payload).i)).toEqual(Array.from({ length: count }, (_, i) => i));
    }
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  }, 120_000);
});
