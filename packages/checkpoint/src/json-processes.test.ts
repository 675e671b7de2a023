import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runNode, spawnNode, tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { StateManager } from './state-manager.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);

describe('json backend across processes', () => {
  it('4 processes doing ifRevision increments on one key lose no update', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const go = join(dir, 'go');
    const children = Array.from({ length: 4 }, () =>
      runNode(fixture('cas-writer.mjs'), [dir, 'shared', '25', go]),
    );
    await sleep(500);
    writeFileSync(go, '');
    const results = await Promise.all(children);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const counts = results.map((r) => JSON.parse(r.stdout) as { successes: number; conflicts: number });
    expect(counts.reduce((s, c) => s + c.successes, 0)).toBe(100);
    expect(counts.reduce((s, c) => s + c.conflicts, 0)).toBeGreaterThan(0);
    const m = await StateManager.open({ backend: 'json', namespace: 'shared', dir });
    expect(await m.get('counter')).toMatchObject({ value: 100, revision: 100 });
  });

  it('a BatchRun killed mid-run resumes at the first unfinished item and never repeats a completed one', {
    timeout: 120_000,
  }, async () => {
    const dir = tempDir();
    const log = join(dir, 'effects.log');
    const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
    const child = spawnNode(fixture('batch-worker.mjs'), [dir, 'work', log]);
    const exited = new Promise((r) => child.on('exit', r));
    while (lines().filter((l) => l.startsWith('done')).length < 5) {
      if (child.exitCode !== null) throw new Error(`worker exited early: ${child.exitCode}`);
      await sleep(10);
    }
    child.kill('SIGKILL');
    await exited;
    const doneByChild = lines()
      .filter((l) => l.startsWith('done'))
      .map((l) => l.slice(5));
    expect(doneByChild.length).toBeGreaterThanOrEqual(5);
    expect(doneByChild.length).toBeLessThan(20);

    const m = await StateManager.open({ backend: 'json', namespace: 'work', dir });
    const run = m.batch('job');
    const items = Array.from({ length: 20 }, (_, i) => `i${String(i).padStart(2, '0')}`);
    await run.create(items); // what a restarted worker does: a no-op
    const first = await run.next();
    const { completed } = await run.progress();
    // completed = every item before `first`; it includes all the child saw done (maybe one more, killed before logging)
    expect(completed).toEqual(items.slice(0, items.indexOf(first as string)));
    for (const d of doneByChild) expect(completed).toContain(d);
    expect(completed.length - doneByChild.length).toBeLessThanOrEqual(1);
    for (let item = await run.next(); item !== undefined; item = await run.next()) {
      writeFileSync(log, `effect ${item}\n`, { flag: 'a' });
      await run.complete(item);
    }
    const effects = lines()
      .filter((l) => l.startsWith('effect'))
      .map((l) => l.slice(7));
    for (const item of completed) expect(effects.filter((e) => e === item)).toHaveLength(1);
    expect(new Set(effects)).toEqual(new Set(items));
    expect((await run.progress()).completed).toEqual(items);
  });
});
