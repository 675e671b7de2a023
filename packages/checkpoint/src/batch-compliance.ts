import { describe, expect, it } from 'vitest';
import { BatchMismatchError, BatchRun, BatchUnfinishedError } from './batch-run.js';
import { batchKeys } from './batch-status.js';
import { type MakeManager, T, use } from './compliance-kit.js';
import { NotFoundError } from './errors.js';
import type { StateManager } from './state-manager.js';

/** A BatchRun of its own over `m`'s backend: what another process driving batch `id` has. */
const runOf = (m: StateManager, id: string) => new BatchRun(m.backend, m.namespace, id, m.clock);

/** The BatchRun half of `runBackendCompliance`. */
export function batchCompliance(makeManager: MakeManager): void {
  describe('BatchRun', () => {
    it('hands out each item until done, survives a reopen', { timeout: T }, async () => {
      await use(makeManager, async (m) => {
        const run = m.batch('nightly');
        await expect(run.next()).rejects.toBeInstanceOf(NotFoundError);
        await run.create(['a', 'b', 'c', 'd']);
        expect(await run.next()).toBe('a');
        await run.complete('a');
        await run.fail('b', new Error('boom'));
        expect(await run.next()).toBe('c');
        await run.create(['a', 'b', 'c', 'd']); // a restart: a no-op
        expect(await run.next()).toBe('c');
        await expect(run.create(['a', 'x'])).rejects.toBeInstanceOf(BatchMismatchError);
        await run.complete('c');
        await expect(run.complete('zzz')).rejects.toThrow(
          'checkpoint: expected batch "nightly" item "zzz" to exist, found none',
        );
        expect(await run.progress()).toMatchObject({
          total: 4,
          completed: ['a', 'c'],
          failed: [{ item: 'b', error: 'boom' }],
          pending: 1,
        });
        await run.complete('d');
        expect(await run.next()).toBeUndefined();
      });
    });

    it('20 runs (as 20 processes) marking different items at once: no mark is lost', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, _clock, peers) => {
        const items = Array.from({ length: 20 }, (_, i) => `item-${i}`);
        await m.batch('crowd').create(items);
        const runs = (await peers(20)).map((p) => runOf(p, 'crowd'));
        await Promise.all(
          runs.map((run, i) =>
            i % 4 === 3 ? run.fail(`item-${i}`, `error ${i}`) : run.complete(`item-${i}`),
          ),
        );
        const failed = items.filter((_, i) => i % 4 === 3);
        expect(await m.batch('crowd').progress()).toMatchObject({
          total: 20,
          completed: items.filter((it) => !failed.includes(it)),
          failed: failed.map((item) => ({ item, error: `error ${item.slice(5)}` })),
          pending: 0,
        });
      });
    });

    it('20 runs creating one batch at once: of different lists one wins, the same list is a no-op', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, _clock, peers) => {
        const runs = (await peers(20)).map((p) => runOf(p, 'race'));
        const outcomes = await Promise.allSettled(runs.map((run, i) => run.create([`only-${i}`, 'shared'])));
        const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        for (const o of outcomes)
          if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(BatchMismatchError);
        const winner = [`only-${won[0]}`, 'shared'];
        await Promise.all(runs.map((run) => run.create(winner)));
        expect(await m.batch('race').progress()).toMatchObject({ total: 2, pending: 2, completed: [] });
        expect(await runs[7]?.next()).toBe(winner[0]);
      });
    });

    it('progress() tells when the batch was created and last changed', { timeout: T }, async () => {
      await use(makeManager, async (m, clock) => {
        const run = m.batch('timed');
        const created = clock.now();
        await run.create(['a', 'b', 'c']);
        expect(await run.progress()).toEqual({
          total: 3,
          completed: [],
          failed: [],
          pending: 3,
          createdAt: created,
          updatedAt: created,
        });
        clock.advance(1000);
        await run.create(['a', 'b', 'c']); // a no-op changes neither
        await run.complete('a');
        clock.advance(500);
        await run.fail('b', 'bad input');
        clock.advance(500);
        await run.complete('a'); // already completed: no change
        expect(await run.progress()).toEqual({
          total: 3,
          completed: ['a'],
          failed: [{ item: 'b', error: 'bad input' }],
          pending: 1,
          createdAt: created,
          updatedAt: created + 1500,
        });
      });
    });

    it('delete() removes a finished batch and its records; an unfinished one only with force', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m) => {
        const run = m.batch('done-soon');
        await run.create(['a', 'b']);
        await run.complete('a');
        const err = await run.delete().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(BatchUnfinishedError);
        expect(err).toMatchObject({ code: 'EBATCHUNFINISHED', batch: 'done-soon', pending: 1 });
        expect((await run.progress()).completed).toEqual(['a']); // nothing deleted
        await run.fail('b', 'gave up');
        expect(await m.backend.getMeta(m.namespace, batchKeys('done-soon').items)).toEqual(['a', 'b']);
        expect(await run.delete()).toBe(true);
        expect(await m.backend.getMeta(m.namespace, batchKeys('done-soon').status)).toBeUndefined();
        expect(await m.backend.getMeta(m.namespace, batchKeys('done-soon').items)).toBeUndefined();
        await expect(run.next()).rejects.toBeInstanceOf(NotFoundError);
        await expect(run.complete('a')).rejects.toBeInstanceOf(NotFoundError);
        expect(await run.delete()).toBe(false);
        await run.create(['x', 'y']); // made anew, with other items
        expect(await run.progress()).toMatchObject({ total: 2, pending: 2, completed: [] });
        expect(await run.delete({ force: true })).toBe(true);
        await expect(run.progress()).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    it('batches "x" and "x:items" are separate batches, whichever is created first', {
      timeout: T,
    }, async () => {
      for (const [first, second] of [
        ['x', 'x:items'],
        ['x:items', 'x'],
      ] as const) {
        await use(makeManager, async (m, _clock, peers) => {
          const itemsOf = (id: string) => (id === 'x' ? ['a', 'b', 'c'] : ['q', 'r']);
          await m.batch(first).create(itemsOf(first));
          await m.batch(second).create(itemsOf(second));
          // each as another process (no cached item list) sees its own batch
          const [p1, p2] = await peers(2);
          const x = runOf(p1 as StateManager, 'x');
          const y = runOf(p2 as StateManager, 'x:items');
          expect(await x.next()).toBe('a');
          expect(await y.next()).toBe('q');
          await x.complete('a');
          await x.fail('b', 'x failed b');
          await y.complete('r');
          await y.fail('q', 'y failed q');
          await expect(x.complete('q')).rejects.toBeInstanceOf(NotFoundError);
          await expect(y.complete('a')).rejects.toBeInstanceOf(NotFoundError);
          expect(await runOf(m, 'x').progress()).toMatchObject({
            total: 3,
            completed: ['a'],
            failed: [{ item: 'b', error: 'x failed b' }],
            pending: 1,
          });
          expect(await runOf(m, 'x:items').progress()).toMatchObject({
            total: 2,
            completed: ['r'],
            failed: [{ item: 'q', error: 'y failed q' }],
            pending: 0,
          });
          expect(await runOf(m, 'x').next()).toBe('c');
          expect(await runOf(m, 'x:items').next()).toBeUndefined();
          // deleting one leaves the other whole
          expect(await runOf(m, first).delete({ force: true })).toBe(true);
          await expect(runOf(m, first).progress()).rejects.toBeInstanceOf(NotFoundError);
          const left = await runOf(m, second).progress();
          expect(left.total).toBe(itemsOf(second).length);
          expect(await runOf(m, second).delete({ force: true })).toBe(true);
          await expect(runOf(m, second).progress()).rejects.toBeInstanceOf(NotFoundError);
          expect(await runOf(m, 'x').delete()).toBe(false);
          expect(await runOf(m, 'x:items').delete()).toBe(false);
          // and made anew in the other order, each with its own items
          await runOf(m, second).create(itemsOf(second));
          await runOf(m, first).create(itemsOf(first));
          expect((await runOf(m, 'x').progress()).total).toBe(3);
          expect((await runOf(m, 'x:items').progress()).total).toBe(2);
        });
      }
    });

    it('a run that read the items follows a batch deleted and created anew with other items', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (_m, _clock, peers) => {
        const [one, two] = (await peers(2)).map((p) => runOf(p, 'again'));
        await one?.create(['a', 'b']);
        expect(await one?.next()).toBe('a'); // `one` keeps the list it read
        await two?.delete({ force: true });
        await two?.create(['x', 'y', 'z']);
        expect(await one?.next()).toBe('x');
        await one?.complete('y');
        await expect(one?.complete('a')).rejects.toThrow('expected batch "again" item "a" to exist');
        expect((await two?.progress())?.completed).toEqual(['y']);
      });
    });
  });
}
