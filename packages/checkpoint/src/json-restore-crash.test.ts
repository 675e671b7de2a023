import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAtBarrier, tempDir } from '@steadystate/testkit';
import { describe, expect, it, onTestFinished } from 'vitest';
import { JsonBackend } from './json-backend.js';
import type { Journal } from './json-journal.js';
import { StateManager } from './state-manager.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);
const open = (dir: string) =>
  StateManager.open({ backend: new JsonBackend({ dir, fsync: false }), namespace: 'work' });
/** Where the JSON backend keeps a restore's redo journal (namespace folder "work"). */
const journalFile = (dir: string) => join(dir, 'work', 'restore.journal.json');

const KEYS = Array.from({ length: 1000 }, (_, i) => `k${String(i).padStart(4, '0')}`);

/**
 * A namespace whose keys all hold "before" at checkpoint "cp" and "after" now, plus keys
 * "extra-*" taken after the checkpoint; then a process restoring "cp" killed (SIGKILL) once
 * its journal is on disk and while some keys still hold "after". Retries the few times the
 * restore finishes before the kill lands.
 */
async function restoreKilledMidway(): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const dir = tempDir();
    const setup = await open(dir);
    await Promise.all(KEYS.map((k) => setup.save(k, { k, at: 'before' })));
    await setup.checkpoint('cp');
    await Promise.all(KEYS.map((k) => setup.save(k, { k, at: 'after' })));
    await Promise.all(['extra-1', 'extra-2'].map((k) => setup.save(k, 'not in cp')));
    await setup.close();

    const child = startAtBarrier(fixture('json-restorer.mjs'), [dir, 'work', 'cp']);
    onTestFinished(() => {
      if (child.child.exitCode === null) child.child.kill('SIGKILL');
    });
    await child.ready;
    child.go();
    while (!existsSync(journalFile(dir)) && child.child.exitCode === null) await sleep(1);
    child.child.kill('SIGKILL');
    const { signal, stderr } = await child.done;
    expect(stderr).toBe('');
    if (signal !== 'SIGKILL' || !existsSync(journalFile(dir))) continue; // the restore finished first
    const reader = await open(dir);
    const values = await Promise.all(KEYS.map(async (k) => (await reader.load(k)) as { at: string }));
    await reader.close();
    if (values.some((v) => v.at === 'after')) return dir; // killed while writing the keys
  }
  throw new Error('no attempt killed the restore while it was writing the keys');
}

describe('json backend: a restore interrupted by a crash', () => {
  it('a process killed mid-restore: the next write finishes the restore and removes the journal', {
    timeout: 300_000,
  }, async () => {
    const dir = await restoreKilledMidway();
    const next = await open(dir);
    expect((await next.save('unrelated', 1)).revision).toBe(1);
    for (const k of KEYS) expect(await next.load(k)).toEqual({ k, at: 'before' });
    expect(await next.keys()).toEqual([...KEYS, 'unrelated']);
    expect(existsSync(journalFile(dir))).toBe(false);
    // the namespace works as usual afterwards: a checkpoint holds the restored keys
    await next.checkpoint('after-crash');
    expect((await next.readCheckpoint('after-crash')).get('k0000')).toEqual({ k: 'k0000', at: 'before' });
  });

  it('a journal left behind is applied by the next save: its entries as written, its deletes gone', async () => {
    const dir = tempDir();
    const m = await open(dir);
    await m.save('a', 'old a');
    await m.save('b', 'old b');
    await m.save('gone', 'to be deleted');
    // what replaceAll writes before applying it (json-backend.ts): the final entry of every key
    const journal: Journal = {
      puts: [
        ['a', { value: { restored: 'a' }, revision: 2, updatedAt: 1_000 }],
        ['b', { value: [1, 2, 3], revision: 2, updatedAt: 1_000 }],
        ['new', { value: 'only in the checkpoint', revision: 1, updatedAt: 1_000 }],
      ],
      deletes: ['gone'],
    };
    mkdirSync(join(dir, 'work'), { recursive: true });
    writeFileSync(journalFile(dir), JSON.stringify(journal));
    await m.close();

    const next = await open(dir);
    await next.save('other', 'x');
    expect(await next.get('a')).toEqual({ value: { restored: 'a' }, revision: 2, updatedAt: 1_000 });
    expect(await next.get('b')).toEqual({ value: [1, 2, 3], revision: 2, updatedAt: 1_000 });
    expect(await next.get('new')).toEqual({ value: 'only in the checkpoint', revision: 1, updatedAt: 1_000 });
    expect(await next.get('gone')).toBeUndefined();
    expect(await next.keys()).toEqual(['a', 'b', 'new', 'other']);
    expect(existsSync(journalFile(dir))).toBe(false);
  });
});
