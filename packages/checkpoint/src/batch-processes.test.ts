import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisService, serviceSuite, startAtBarrier, startNode, tempDir } from '@steadystate/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { dropPrefix, openStore, type StoreSpec } from '../test/stores.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'test', 'fixtures', name);
const items = Array.from({ length: 20 }, (_, i) => `i${String(i).padStart(2, '0')}`);

/** The cases every shared backend runs: BatchRuns driven by separate processes. */
function batchAcrossProcesses(name: string, store: () => StoreSpec): void {
  describe(`BatchRun across processes (${name})`, () => {
    it('12 processes completing different items of one batch at the same moment: all 12 are recorded', {
      timeout: 120_000,
    }, async () => {
      const spec = store();
      const twelve = items.slice(0, 12);
      const setup = await openStore(spec, 'work');
      try {
        await setup.manager.batch('job').create(items);
        const children = twelve.map((item) =>
          startAtBarrier(fixture('batch-completer.mjs'), [JSON.stringify(spec), 'work', item]),
        );
        onTestFinished(() => {
          for (const { child } of children) if (child.exitCode === null) child.kill('SIGKILL');
        });
        // every child has opened the store and read the batch: release them together
        await Promise.all(children.map((c) => c.ready));
        for (const c of children) c.go();
        for (const { done } of children) {
          const { code, stderr } = await done;
          expect(code, stderr).toBe(0);
        }
        const reader = await openStore(spec, 'work');
        try {
          const run = reader.manager.batch('job');
          expect((await run.progress()).completed).toEqual(twelve);
          expect(await run.next()).toBe(items[12]);
        } finally {
          await reader.close();
        }
      } finally {
        await setup.close();
      }
    });

    it('a BatchRun killed mid-run resumes at the first unfinished item and never repeats a completed one', {
      timeout: 120_000,
    }, async () => {
      const spec = store();
      const log = join(tempDir(), 'effects.log');
      const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []);
      const { child, done } = startNode(fixture('batch-worker.mjs'), [JSON.stringify(spec), 'work', log]);
      while (lines().filter((l) => l.startsWith('done')).length < 5) {
        if (child.exitCode !== null) throw new Error(`worker exited early: ${(await done).stderr}`);
        await sleep(10);
      }
      child.kill('SIGKILL');
      await done;
      const doneByChild = lines()
        .filter((l) => l.startsWith('done'))
        .map((l) => l.slice(5));
      expect(doneByChild.length).toBeGreaterThanOrEqual(5);
      expect(doneByChild.length).toBeLessThan(20);

      const { manager, close } = await openStore(spec, 'work');
      try {
        const run = manager.batch('job');
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
      } finally {
        await close();
      }
    });
  });
}

batchAcrossProcesses('json', () => ({ backend: 'json', dir: tempDir() }));
batchAcrossProcesses('sqlite', () => ({ backend: 'sqlite', file: join(tempDir(), 'state.db') }));

const runId = `steadystate-test-batch-${process.pid}-${Date.now().toString(36)}`;
let seq = 0;

await serviceSuite(redisService, 'BatchRun across processes against a real Redis', (url) => {
  const admin = new Redis(url, { lazyConnect: true });
  afterAll(async () => {
    await dropPrefix(admin, runId); // each test drops its keys; never leave any behind
    await admin.quit();
  });
  batchAcrossProcesses('redis', () => {
    const prefix = `${runId}:${seq++}`;
    onTestFinished(() => dropPrefix(admin, prefix));
    return { backend: 'redis', url, prefix };
  });
});
