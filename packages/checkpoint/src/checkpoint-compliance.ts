import { describe, expect, it } from 'vitest';
import { type MakeManager, T, use } from './compliance-kit.js';
import { ConflictError, InvalidNameError, InvalidValueError, NotFoundError } from './errors.js';
import type { JsonValue } from './types.js';

/** The checkpoint half of `runBackendCompliance`: snapshots, restore, prune, sharing, large values, 10,000 keys. */
export function checkpointCompliance(makeManager: MakeManager): void {
  describe('checkpoints', () => {
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
        // a second checkpoint in the same millisecond is recorded 1 ms later, so names stay
        // unique and the listing keeps the order in which they were taken
        const second = await m.checkpoint();
        expect(second).toMatchObject({
          name: `cp-${new Date(clock.now() + 1).toISOString()}`,
          createdAt: clock.now() + 1,
        });
        expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['one', auto.name, second.name]);
        // a name another manager took already (here: by hand) gets a suffix, never replaces it
        // (taken at now, the unnamed checkpoint after it is recorded 1 ms later)
        clock.advance(1000);
        const takenName = `cp-${new Date(clock.now() + 1).toISOString()}`;
        await m.checkpoint(takenName);
        expect((await m.checkpoint()).name).toBe(`${takenName}-2`);
        expect(await m.deleteCheckpoint(takenName)).toBe(true);
        expect(await m.deleteCheckpoint(`${takenName}-2`)).toBe(true);
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

    it('save with `checkpoint` stores the value and a checkpoint of the state it leaves, in one step', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, clock) => {
        const big = { items: Array.from({ length: 300 }, (_, i) => ({ i, note: `note ${i}`.repeat(4) })) };
        await m.save('other', { n: 1 });
        const first = await m.save('state', big, { checkpoint: 'one' });
        expect(first.revision).toBe(1);
        expect(first.checkpoint).toMatchObject({
          name: 'one',
          createdAt: clock.now(),
          keys: 2,
          pinned: false,
        });
        expect(first.checkpoint.bytes).toBeGreaterThan(0);
        expect(await m.load('state')).toEqual(big);
        const changed = { items: big.items.map((it) => (it.i === 7 ? { ...it, note: 'changed' } : it)) };
        const second = await m.save('state', changed, { checkpoint: true, ifRevision: 1 });
        expect(second.revision).toBe(2);
        expect(second.checkpoint.name).toBe(`cp-${new Date(clock.now() + 1).toISOString()}`);
        expect((await m.get('state'))?.revision).toBe(2);
        expect(await m.readCheckpoint('one')).toEqual(
          new Map<string, JsonValue>([
            ['other', { n: 1 }],
            ['state', big],
          ]),
        );
        expect((await m.readCheckpoint(second.checkpoint.name)).get('state')).toEqual(changed);
        expect((await m.listCheckpoints()).map((c) => c.name)).toEqual(['one', second.checkpoint.name]);
        // the same name replaces that checkpoint, as checkpoint(name) does
        await m.save('other', { n: 2 }, { checkpoint: 'one' });
        expect((await m.readCheckpoint('one')).get('other')).toEqual({ n: 2 });
        await m.save('state', 'gone');
        await m.restore(second.checkpoint.name);
        expect(await m.load('state')).toEqual(changed);
        expect(await m.load('other')).toEqual({ n: 1 });
      });
    });

    it('save with `checkpoint` and a stale `ifRevision` stores neither', { timeout: T }, async () => {
      await use(makeManager, async (m) => {
        await m.save('k', 'v1');
        await expect(m.save('k', 'v2', { ifRevision: 0, checkpoint: 'cp' })).rejects.toMatchObject({
          code: 'ECONFLICT',
          expected: 0,
          found: 1,
        });
        await expect(m.save('new', 'x', { ifRevision: 3, checkpoint: true })).rejects.toBeInstanceOf(
          ConflictError,
        );
        expect(await m.load('k')).toBe('v1');
        expect(await m.keys()).toEqual(['k']);
        expect(await m.listCheckpoints()).toEqual([]);
        const made = await m.save('new', 'x', { ifRevision: 0, checkpoint: 'cp' });
        expect(made.revision).toBe(1);
        expect(await m.readCheckpoint('cp')).toEqual(
          new Map([
            ['k', 'v1'],
            ['new', 'x'],
          ]),
        );
        await expect(m.save('k', 'v', { checkpoint: '../x' })).rejects.toBeInstanceOf(InvalidNameError);
        await expect(m.save('k', 'v', { checkpoint: 1 as unknown as boolean })).rejects.toBeInstanceOf(
          InvalidValueError,
        );
        expect(await m.load('k')).toBe('v1');
      });
    });

    it('garbage collection keeps the blobs of a checkpoint taken after the live set was computed', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m) => {
        const value = { items: Array.from({ length: 200 }, (_, i) => ({ i, note: `item ${i} `.repeat(8) })) };
        await m.save('k', value);
        await m.checkpoint('old');
        await m.deleteCheckpoint('old'); // its blobs are unreferenced now
        // a prune elsewhere plans: no checkpoint exists, so nothing is live...
        const live = new Set<string>();
        // ...then this checkpoint lands, sharing the blobs the old one stored (not rewritten)...
        await m.checkpoint('new');
        // ...and the prune collects with its stale live set
        await m.backend.collect(m.namespace, live);
        expect((await m.readCheckpoint('new')).get('k')).toEqual(value);
        await m.save('k', 'changed');
        await m.restore('new');
        expect(await m.load('k')).toEqual(value);
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
  });
}
