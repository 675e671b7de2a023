import { describe, expect, it } from 'vitest';
import { batchCompliance } from './batch-compliance.js';
import { checkpointCompliance } from './checkpoint-compliance.js';
import { checkpointRaceCompliance } from './checkpoint-race-compliance.js';
import { fakeClock, type MakeManager, T, use } from './compliance-kit.js';
import { ConflictError, InvalidNameError, InvalidValueError } from './errors.js';
import { metaCompliance } from './meta-compliance.js';
import { notesCompliance } from './notes-compliance.js';
import type { JsonValue } from './types.js';

export { fakeClock, type MakeManager };

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

    checkpointCompliance(makeManager);
    checkpointRaceCompliance(makeManager);
    notesCompliance(makeManager);

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

    metaCompliance(makeManager);
    batchCompliance(makeManager);
  });
}
