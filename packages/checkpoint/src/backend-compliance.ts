import { describe, expect, it } from 'vitest';
import { BatchMismatchError } from './batch-run.js';
import { ConflictError, InvalidNameError, InvalidValueError, NotFoundError } from './errors.js';
import type { StateManager } from './state-manager.js';
import type { JsonValue } from './types.js';

/** What a compliance run needs: a fresh, empty namespace per call, on a manager whose clock is `clock`. */
export type MakeManager = (opts: { clock: { now(): number } }) => Promise<{
  manager: StateManager;
  cleanup(): Promise<void>;
}>;

/** A clock the tests move by hand. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

async function use<T>(
  make: MakeManager,
  fn: (m: StateManager, clock: ReturnType<typeof fakeClock>) => Promise<T>,
) {
  const clock = fakeClock();
  const { manager, cleanup } = await make({ clock });
  try {
    return await fn(manager, clock);
  } finally {
    await manager.close();
    await cleanup();
  }
}

const T = 60_000;

/**
 * The one suite every backend runs. `makeManager` gets `{ clock }` and must
 * open a manager on a fresh namespace with that clock (pass it to `open`).
 */
export function runBackendCompliance(name: string, makeManager: MakeManager): void {
  describe(`${name} backend compliance`, () => {
    it('round-trips JSON values and lists keys sorted', { timeout: T }, async () => {
      await use(makeManager, async (m) => {
        const value = {
          a: [1, 'two', null, true, { deep: [-1.5e300] }],
          '': 'empty key',
          __proto__x: 1,
          'ü ✓': '',
        };
        await m.save('b', value);
        await m.save('a', 'text');
        await m.save('c', 0);
        expect(await m.load('b')).toEqual(value);
        expect(await m.load('a')).toBe('text');
        expect(await m.load('missing', 'fallback')).toBe('fallback');
        expect(await m.load('missing')).toBeUndefined();
        expect(await m.keys()).toEqual(['a', 'b', 'c']);
        expect(await m.delete('a')).toBe(true);
        expect(await m.delete('a')).toBe(false);
        expect(await m.keys()).toEqual(['b', 'c']);
      });
    });

    it('a value stored with an own "__proto__" key comes back as an own key', { timeout: T }, async () => {
      await use(makeManager, async (m) => {
        const v = JSON.parse('{"__proto__":{"polluted":true},"ok":1}') as JsonValue;
        await m.save('p', v);
        const back = (await m.load('p')) as Record<string, unknown>;
        expect(Object.keys(back)).toEqual(['__proto__', 'ok']);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      });
    });

    it('revisions count saves; ifRevision conflicts say expected and found', { timeout: T }, async () => {
      await use(makeManager, async (m, clock) => {
        expect(await m.save('k', 1, { ifRevision: 0 })).toEqual({ revision: 1 });
        clock.advance(5);
        expect(await m.save('k', 2)).toEqual({ revision: 2 });
        expect(await m.get('k')).toEqual({ value: 2, revision: 2, updatedAt: clock.now() });
        const err = await m.save('k', 3, { ifRevision: 1 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ConflictError);
        expect(err).toMatchObject({ code: 'ECONFLICT', key: 'k', expected: 1, found: 2 });
        await expect(m.save('k', 3, { ifRevision: 0 })).rejects.toMatchObject({
          code: 'ECONFLICT',
          found: 2,
        });
        await expect(m.save('new', 3, { ifRevision: 4 })).rejects.toMatchObject({
          code: 'ECONFLICT',
          found: 0,
        });
        await expect(m.delete('k', { ifRevision: 1 })).rejects.toBeInstanceOf(ConflictError);
        expect(await m.load('k')).toBe(2);
        expect(await m.delete('k', { ifRevision: 2 })).toBe(true);
      });
    });

    it('10 concurrent writers with the same ifRevision: exactly one wins', { timeout: T }, async () => {
      await use(makeManager, async (m) => {
        const { revision } = await m.save('k', 'start');
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => m.save('k', `writer ${i}`, { ifRevision: revision })),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r) => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.every((r) => (r as PromiseRejectedResult).reason instanceof ConflictError)).toBe(true);
        const winner = results.findIndex((r) => r.status === 'fulfilled');
        expect(await m.get('k')).toMatchObject({ value: `writer ${winner}`, revision: revision + 1 });
      });
    });

    it('rejects bad names and non-JSON values with clear errors', { timeout: T }, async () => {
      await use(makeManager, async (m) => {
        for (const bad of [
          '',
          '../x',
          'a/b',
          'a\\b',
          'a\0b',
          '..',
          '__proto__',
          'constructor',
          'prototype',
          'x'.repeat(201),
        ]) {
          await expect(m.save(bad, 1)).rejects.toBeInstanceOf(InvalidNameError);
          await expect(m.checkpoint(bad)).rejects.toMatchObject({ code: 'EINVALIDNAME', what: 'checkpoint' });
        }
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        const bads: unknown[] = [
          undefined,
          () => 1,
          Number.NaN,
          Number.POSITIVE_INFINITY,
          cyclic,
          new Date(0),
          new Map(),
          { a: [1, undefined] },
          10n,
        ];
        for (const bad of bads) {
          await expect(m.save('k', bad as JsonValue)).rejects.toBeInstanceOf(InvalidValueError);
        }
        await expect(m.save('k', { at: new Date(0) } as unknown as JsonValue)).rejects.toThrow(
          /\$\.at.*Date/,
        );
        expect(await m.keys()).toEqual([]);
      });
    });

    it('checkpoint snapshots everything; restore brings it back with higher revisions', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, clock) => {
        await m.save('a', { n: 1 });
        await m.save('b', 'x'.repeat(5000));
        const info = await m.checkpoint('one');
        expect(info).toMatchObject({ name: 'one', createdAt: clock.now(), keys: 2, pinned: false });
        expect(info.bytes).toBeGreaterThan(0);
        clock.advance(1000);
        await m.save('a', { n: 2 });
        await m.delete('b');
        await m.save('c', true);
        const auto = await m.checkpoint();
        expect(auto.name).toBe(`cp-${new Date(clock.now()).toISOString()}`);
        expect((await m.checkpoint()).name).toBe(`${auto.name}-2`);
        expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['one', auto.name, `${auto.name}-2`]);
        const revA = (await m.get('a'))?.revision as number;
        await m.restore('one');
        expect(await m.keys()).toEqual(['a', 'b']);
        expect(await m.load('a')).toEqual({ n: 1 });
        expect(await m.load('b')).toBe('x'.repeat(5000));
        expect((await m.get('a'))?.revision).toBeGreaterThan(revA);
        await expect(m.restore('nope')).rejects.toBeInstanceOf(NotFoundError);
        await expect(m.pin('nope')).rejects.toMatchObject({ code: 'ENOTFOUND' });
        expect(await m.deleteCheckpoint('one')).toBe(true);
        expect(await m.deleteCheckpoint('one')).toBe(false);
      });
    });

    it('prune keeps per policy, dry-run changes nothing, unreferenced blobs are collected', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, clock) => {
        for (let i = 0; i < 5; i++) {
          await m.save('big', { step: i, text: `${i}`.repeat(3000) });
          await m.checkpoint(`c${i}`);
          clock.advance(3_600_000);
        }
        await m.pin('c0');
        const dry = await m.prune({ keepLast: 2 }, { dryRun: true });
        expect(dry.remove).toEqual(['c1', 'c2']);
        expect(dry.collected).toEqual({ blobs: 0, bytes: 0 });
        expect((await m.listCheckpoints()).length).toBe(5);
        const done = await m.prune({ keepLast: 2 });
        expect(done.keep.map((k) => k.name)).toEqual(['c0', 'c3', 'c4']);
        expect(done.keep[0]?.reasons).toEqual(['pinned']);
        expect(done.collected.blobs).toBeGreaterThan(0);
        expect(done.collected.bytes).toBeGreaterThan(0);
        expect((await m.listCheckpoints()).map((c) => [c.name, c.pinned])).toEqual([
          ['c0', true],
          ['c3', false],
          ['c4', false],
        ]);
        for (const name of ['c0', 'c3', 'c4']) {
          await m.restore(name);
          expect(await m.load('big')).toMatchObject({ step: Number(name.slice(1)) });
        }
        expect((await m.prune({ keepLast: 2 })).collected.blobs).toBe(0);
      });
    });

    it('a checkpoint of a barely changed state adds little', { timeout: T }, async () => {
      await use(makeManager, async (m) => {
        const items: Record<string, JsonValue> = {};
        for (let i = 0; i < 1000; i++)
          items[`item-${i}`] = { id: i, label: `label ${i}`, payload: 'p'.repeat(50) };
        await m.save('state', items);
        await m.checkpoint('base');
        for (let i = 0; i < 1000; i += 100)
          items[`item-${i}`] = { id: i, label: 'changed', payload: 'q'.repeat(50) };
        await m.save('state', items);
        await m.checkpoint('next');
        await m.deleteCheckpoint('base');
        const { collected } = await m.prune({ keepLast: 1 });
        // what only `base` used is what `next` had to write anew: a fraction of the 100 KB state
        expect(collected.bytes).toBeLessThan(20_000);
        await m.restore('next');
        expect(await m.load('state')).toEqual(items);
      });
    });

    it('stores 1 MB values', { timeout: T }, async () => {
      await use(makeManager, async (m) => {
        const text = 'x'.repeat(1024 * 1024);
        const list = Array.from({ length: 10_000 }, (_, i) => ({ i, s: 'y'.repeat(90) }));
        await m.save('text', text);
        await m.save('list', list);
        expect(await m.load('text')).toBe(text);
        await m.checkpoint('big');
        await m.save('text', 'small');
        await m.restore('big');
        expect(await m.load('text')).toBe(text);
        expect(await m.load('list')).toEqual(list);
      });
    });

    it('10,000 keys: save, list, checkpoint, restore', { timeout: 4 * T }, async () => {
      await use(makeManager, async (m) => {
        const keys = Array.from({ length: 10_000 }, (_, i) => `key-${String(i).padStart(5, '0')}`);
        await Promise.all(keys.map((k, i) => m.save(k, { i })));
        expect(await m.keys()).toEqual(keys);
        const info = await m.checkpoint('all');
        expect(info.keys).toBe(10_000);
        await Promise.all(keys.slice(0, 100).map((k) => m.delete(k)));
        await m.restore('all');
        expect(await m.keys()).toHaveLength(10_000);
        expect(await m.load('key-00042')).toEqual({ i: 42 });
      });
    });

    it('heartbeat and isStale follow the clock', { timeout: T }, async () => {
      await use(makeManager, async (m, clock) => {
        expect(await m.isStale(1000)).toBe(true);
        await m.heartbeat();
        await m.heartbeat('worker-2');
        clock.advance(1000);
        expect(await m.isStale(1000)).toBe(false);
        clock.advance(1);
        expect(await m.isStale(1000)).toBe(true);
        await m.heartbeat('worker-2');
        expect(await m.isStale(1000, 'worker-2')).toBe(false);
        expect(await m.isStale(1000)).toBe(true);
        await expect(m.heartbeat('a/b')).rejects.toBeInstanceOf(InvalidNameError);
      });
    });

    it('BatchRun hands out each item until done, survives a reopen', { timeout: T }, async () => {
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
        await expect(run.complete('zzz')).rejects.toBeInstanceOf(NotFoundError);
        expect(await run.progress()).toEqual({
          total: 4,
          completed: ['a', 'c'],
          failed: [{ item: 'b', error: 'boom' }],
          pending: 1,
        });
        await run.complete('d');
        expect(await run.next()).toBeUndefined();
      });
    });
  });
}
