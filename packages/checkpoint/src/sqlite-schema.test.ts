import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BackendError } from './errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './sqlite/schema.js';
import { SqliteBackend } from './sqlite-backend.js';
import { StateManager } from './state-manager.js';

/* The SQLite backend's versioned schema: created, upgraded in place, refused when newer. */

const open = (file: string) => new SqliteBackend({ file });

/** The columns of `table` in the file, in order. */
function columns(file: string, table: string): string[] {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[];
  } finally {
    raw.close();
  }
}

function userVersion(file: string): number {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.pragma('user_version', { simple: true }) as number;
  } finally {
    raw.close();
  }
}

describe('SqliteBackend schema', () => {
  it('creates the schema once, in WAL mode, at the current user_version, and reopens without migrating again', async () => {
    expect(SCHEMA_VERSION).toBe(2);
    const file = join(tempDir(), 'state.db');
    const first = open(file);
    await first.putEntry('ns', 'k', 1, undefined, 1);
    await first.close();
    const again = open(file);
    expect(await again.getEntry('ns', 'k')).toEqual({ value: 1, revision: 1, updatedAt: 1 });
    await again.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(2);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(['blob_keys', 'blobs', 'entries', 'manifests', 'meta']);
    raw.close();
    expect(columns(file, 'manifests')).toEqual([
      'ns',
      'name',
      'created_at',
      'keys',
      'bytes',
      'pinned',
      'manifest',
      'notes',
    ]);
  });

  it('upgrades a file at schema version 1 in place: its checkpoints are kept, new ones take notes', async () => {
    const file = join(tempDir(), 'state.db');
    // the file as version 1 left it: the first migration only, two keys, two checkpoints (one pinned)
    const v1 = new Database(file);
    v1.exec(MIGRATIONS[0]!);
    v1.pragma('user_version = 1');
    const entry = v1.prepare('INSERT INTO entries (ns, key, value, rev, updated_at) VALUES (?, ?, ?, ?, ?)');
    entry.run('w', 'phase', '"deploying"', 3, 3000);
    entry.run('w', 'stage', '"5%"', 2, 3000);
    const manifest = v1.prepare(
      'INSERT INTO manifests (ns, name, created_at, keys, bytes, pinned, manifest) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    manifest.run('w', 'first', 1000, 1, 10, 1, JSON.stringify({ phase: '="planning"' }));
    manifest.run('w', 'second', 2000, 2, 20, 0, JSON.stringify({ phase: '="building"', stage: '="shadow"' }));
    v1.close();
    expect(columns(file, 'manifests')).not.toContain('notes');

    let now = 5000;
    const clock = { now: () => now };
    const m = await StateManager.open({ backend: 'sqlite', file, namespace: 'w', clock });
    expect(await m.listCheckpoints()).toEqual([
      { name: 'first', createdAt: 1000, keys: 1, bytes: 10, pinned: true },
      { name: 'second', createdAt: 2000, keys: 2, bytes: 20, pinned: false },
    ]);
    expect(userVersion(file)).toBe(2);
    expect(columns(file, 'manifests')).toContain('notes');
    expect(await m.get('phase')).toEqual({ value: 'deploying', revision: 3, updatedAt: 3000 });
    const taken = await m.checkpoint('third', { notes: 'Before stage progression' });
    expect(taken.notes).toBe('Before stage progression');
    now += 1000;
    await m.save('stage', '20%', { checkpoint: 'fourth', notes: 'after 20%' });
    await m.restore('second');
    expect(await m.load('phase')).toBe('building');
    expect(await m.load('stage')).toBe('shadow');
    await m.close();

    // reopened (no migration left to run): old checkpoints still without notes, new ones with
    const again = await StateManager.open({ backend: 'sqlite', file, namespace: 'w', clock });
    expect((await again.listCheckpoints()).map((c) => [c.name, c.pinned, c.notes])).toEqual([
      ['first', true, undefined],
      ['second', false, undefined],
      ['third', false, 'Before stage progression'],
      ['fourth', false, 'after 20%'],
    ]);
    expect(Object.hasOwn((await again.listCheckpoints())[0]!, 'notes')).toBe(false);
    expect(await again.readCheckpoint('first')).toEqual(new Map([['phase', 'planning']]));
    await again.close();
    expect(userVersion(file)).toBe(2);
  });

  it('refuses a file written by a newer schema with BackendError, leaving it untouched', async () => {
    const file = join(tempDir(), 'state.db');
    const raw = new Database(file);
    raw.pragma('user_version = 7');
    raw.close();
    const backend = open(file);
    const error = await backend.listKeys('ns').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).code).toBe('EBACKEND');
    expect((error as Error).message).toMatch(
      /^checkpoint: expected the sqlite backend to list keys, found .*schema version 7/,
    );
    await backend.close();
    expect(userVersion(file)).toBe(7);
  });
});
