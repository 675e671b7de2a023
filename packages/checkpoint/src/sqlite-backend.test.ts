import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { holdSqliteWriteLock, runNode, spawnNode, tempDir } from '@steadystate/testkit';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runBackendCompliance } from './backend-compliance.js';
import { BackendError } from './errors.js';
import { SqliteBackend } from './sqlite-backend.js';
import { StateManager } from './state-manager.js';
import type { Entry } from './types.js';

const fixture = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}`, import.meta.url));

function open(file = join(tempDir(), 'state.db'), opts: { busyTimeoutMs?: number } = {}) {
  return new SqliteBackend({ file, ...opts });
}

/** A manifest naming every key, for snapshots whose content does not matter. */
const names = async (entries: Map<string, Entry>) => ({
  manifest: Object.fromEntries(
    [...entries.keys()].map((k) => [k, `=${JSON.stringify(entries.get(k)?.value)}`]),
  ),
  blobs: [],
  bytes: 0,
});

// the whole suite through `StateManager.open({ backend: 'sqlite', file })` (the lazily imported entry)
runBackendCompliance('sqlite', async ({ clock }) => {
  const dir = mkdtempSync(join(tmpdir(), 'steadystate-sqlite-'));
  // `another` opens its own connection to the file, as another process does
  const open = () =>
    StateManager.open({ backend: 'sqlite', file: join(dir, 'state.db'), namespace: 'test', clock });
  return {
    manager: await open(),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    another: open,
  };
});

describe('SqliteBackend file', () => {
  it('creates missing folders; reports an unusable path and bad options as BackendError with the cause', async () => {
    const dir = tempDir();
    const nested = open(join(dir, 'new', 'folder', 'state.db')); // folders are created
    expect(await nested.putEntry('ns', 'k', 1, undefined, 1)).toBe(1);
    await nested.close();
    writeFileSync(join(dir, 'a-file'), '');
    const underFile = open(join(dir, 'a-file', 'state.db'));
    const error = await underFile.getEntry('ns', 'k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).cause).toBeInstanceOf(Error);
    const bad = new SqliteBackend({ file: '' });
    await expect(bad.getEntry('ns', 'k')).rejects.toThrow(/expected options.file to be a non-empty path/);
  });

  it('fails a write with BackendError once another connection holds the write lock past busyTimeoutMs', async () => {
    const file = join(tempDir(), 'state.db');
    const backend = open(file, { busyTimeoutMs: 50 });
    await backend.putEntry('ns', 'k', 1, undefined, 1);
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const error = await backend.putEntry('ns', 'k', 2, undefined, 2).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect(String((error as BackendError).cause)).toMatch(/locked|busy/i);
      expect(await backend.getEntry('ns', 'k')).toMatchObject({ value: 1, revision: 1 }); // reads still work (WAL)
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(await backend.putEntry('ns', 'k', 2, 1, 3)).toBe(2);
    await backend.close();
  });

  it('fails every call after close() with BackendError', async () => {
    const backend = open();
    await backend.putEntry('ns', 'k', 1, undefined, 1);
    await backend.close();
    await backend.close();
    await expect(backend.getEntry('ns', 'k')).rejects.toBeInstanceOf(BackendError);
  });
});

describe('SqliteBackend blobs', () => {
  it('stores a blob once however often it is put, and collect() removes its bytes from the file', async () => {
    const file = join(tempDir(), 'state.db');
    const backend = open(file);
    const hash = 'ab'.repeat(32); // a sha256 hex: kept as 32 bytes
    const bytes = new Uint8Array(300).fill(7);
    await backend.putBlobs('ns', [
      [hash, bytes],
      ['not-a-sha256', new Uint8Array([1, 2])],
    ]);
    await backend.putBlobs('ns', [[hash, new Uint8Array(300).fill(7)]]);
    const back = await backend.getBlobs('ns', [hash, 'not-a-sha256', 'cd'.repeat(32)]);
    expect([...back.keys()]).toEqual([hash, 'not-a-sha256']);
    expect(Buffer.from(back.get(hash)!)).toEqual(Buffer.from(bytes));
    const raw = new Database(file, { readonly: true });
    const count = () =>
      raw.prepare('SELECT (SELECT count(*) FROM blobs) + (SELECT count(*) FROM blob_keys)').pluck().get();
    expect(count()).toBe(4);
    expect(await backend.collect('ns', new Set(['not-a-sha256']))).toEqual({ blobs: 1, bytes: 300 });
    expect(count()).toBe(2);
    raw.close();
    expect(await backend.getBlobs('ns', [hash])).toEqual(new Map());
    await backend.close();
  });
});

describe('SqliteBackend checkpoints', () => {
  it('a checkpoint sees the state when it started: a save issued meanwhile waits and lands after it', async () => {
    const backend = open();
    await backend.putEntry('ns', 'a', 1, undefined, 1);
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const snap = backend.snapshot('ns', { name: 'cp', createdAt: 2 }, async (entries) => {
      await gate;
      return names(entries);
    });
    const save = backend.putEntry('ns', 'b', 2, 0, 3);
    release();
    await snap;
    expect(await save).toBe(1);
    expect(await backend.getManifest('ns', 'cp')).toEqual({ a: '=1' });
    expect(await backend.listKeys('ns')).toEqual(['a', 'b']);
    await backend.close();
  });

  it('an error thrown by encode comes back as it is, and nothing of that checkpoint is stored', async () => {
    const backend = open();
    await backend.putEntry('ns', 'a', 1, undefined, 1);
    const boom = new Error('encoder failed');
    const error = await backend
      .snapshot('ns', { name: 'cp', createdAt: 2 }, async () => {
        throw boom;
      })
      .catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(await backend.listManifests('ns')).toEqual([]);
    expect(await backend.putEntry('ns', 'a', 2, 1, 3)).toBe(2); // the transaction was rolled back
    await backend.close();
  });

  it('keeps namespaces of one file apart', async () => {
    const file = join(tempDir(), 'state.db');
    const backend = open(file);
    await backend.putEntry('one', 'k', 'first', undefined, 1);
    await backend.putEntry('two', 'k', 'second', undefined, 1);
    await backend.putBlobs('one', [['h', new Uint8Array([1])]]);
    await backend.snapshot('one', { name: 'cp', createdAt: 2 }, names);
    expect(await backend.getEntry('two', 'k')).toMatchObject({ value: 'second', revision: 1 });
    expect(await backend.getBlobs('two', ['h'])).toEqual(new Map());
    expect(await backend.listManifests('two')).toEqual([]);
    expect(await backend.collect('two', new Set())).toEqual({ blobs: 0, bytes: 0 });
    expect((await backend.getBlobs('one', ['h'])).size).toBe(1);
    await backend.close();
  });
});

describe('SqliteBackend shared by processes', () => {
  it('opens a file another process holds locked before it is WAL: waits for it instead of failing', async () => {
    const file = join(tempDir(), 'state.db');
    const holder = await holdSqliteWriteLock(file, 300);
    const backend = open(file, { busyTimeoutMs: 10_000 });
    // switching to WAL needs the file to itself, and SQLite does not wait for it on its own
    expect(await backend.getEntry('ns', 'k')).toBeUndefined();
    expect(await backend.putEntry('ns', 'k', 1, undefined, 0)).toBe(1);
    await backend.close();
    await holder.exited;
  });

  it('N writer processes with ifRevision: exactly one wins each revision', async () => {
    const file = join(tempDir(), 'state.db');
    const target = 120;
    const writers = 4;
    const results = await Promise.all(
      Array.from({ length: writers }, (_, i) =>
        runNode(fixture('sqlite-writer.mjs'), [file, 'ns', 'counter', String(target), `w${i}`]),
      ),
    );
    for (const r of results) expect(r.stderr).toBe('');
    const outcomes = results.map((r) => JSON.parse(r.stdout) as { won: number[]; conflicts: number });
    const won = outcomes.flatMap((o) => o.won).sort((a, b) => a - b);
    expect(won).toEqual(Array.from({ length: target }, (_, i) => i + 1));
    const backend = open(file);
    expect(await backend.getEntry('ns', 'counter')).toMatchObject({ revision: target });
    await backend.close();
  });

  it('a checkpoint never sees half of a restore running in another process', async () => {
    const file = join(tempDir(), 'state.db');
    const backend = open(file, { busyTimeoutMs: 30_000 });
    await backend.replaceAll(
      'ns',
      new Map([
        ['a', 0],
        ['b', 0],
      ]),
      0,
    );
    const child = spawnNode(fixture('sqlite-restorer.mjs'), [file, 'ns', '400']);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let running = true;
    void exited.then(() => {
      running = false;
    });
    let n = 0;
    do {
      const info = await backend.snapshot('ns', { name: `cp-${n}`, createdAt: n }, names);
      const manifest = await backend.getManifest('ns', info.name);
      expect(manifest?.a).toBe(manifest?.b);
      n += 1;
      await new Promise((resolve) => setImmediate(resolve)); // let the child's exit event in
    } while (running);
    expect(await exited).toBe(0);
    expect(await backend.getEntry('ns', 'a')).toMatchObject({ value: 400, revision: 401 });
    await backend.close();
  });

  it('a checkpoint rewrites blobs it stored before once another connection has collected them', async () => {
    const file = join(tempDir(), 'state.db');
    const [a, b] = [open(file), open(file)];
    const ma = await StateManager.open({ backend: a, namespace: 'ns' });
    const mb = await StateManager.open({ backend: b, namespace: 'ns' });
    const value = { rows: Array.from({ length: 100 }, (_, i) => `row ${i} `.repeat(10)) };
    await ma.save('k', value);
    await ma.checkpoint('first'); // connection a now takes these blobs as stored
    await mb.deleteCheckpoint('first');
    expect((await mb.prune({ keepLast: 1 })).collected.blobs).toBeGreaterThan(0); // b deletes them
    await ma.checkpoint('second'); // the same blobs again: a must store them anew
    expect((await mb.readCheckpoint('second')).get('k')).toEqual(value);
    for (const m of [ma, mb]) await m.close();
    for (const x of [a, b]) await x.close();
  });
});
