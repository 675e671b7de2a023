import { describe, expect, it } from 'vitest';
import { type MakeManager, T, use } from './compliance-kit.js';
import { InvalidValueError } from './errors.js';
import type { JsonValue } from './types.js';

type Tally = { n: number; by: number[] };

/** The side-record half of `runBackendCompliance`: `updateMeta` is atomic and all-or-nothing. */
export function metaCompliance(makeManager: MakeManager): void {
  describe('side records', () => {
    it('updateMeta: 20 updaters on one store (as 20 processes) at once, 5 times each, lose no update', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m, _clock, peers) => {
        const add = (i: number) => (cur: JsonValue | undefined) => {
          const t = (cur ?? { n: 0, by: [] }) as Tally;
          return { n: t.n + 1, by: [...t.by, i] };
        };
        const updaters = await peers(20);
        const seen = await Promise.all(
          updaters.map(async (p, i) => {
            const results: Tally[] = [];
            for (let round = 0; round < 5; round++)
              results.push((await p.backend.updateMeta(p.namespace, 'tally', add(i))) as Tally);
            return results;
          }),
        );
        const final = (await m.backend.getMeta(m.namespace, 'tally')) as Tally;
        expect(final.n).toBe(100);
        expect(final.by.length).toBe(100);
        for (let i = 0; i < 20; i++) {
          expect(final.by.filter((x) => x === i)).toHaveLength(5);
          // what each call returned is what it stored: its own mark is last
          for (const r of seen[i] ?? []) expect(r.by.at(-1)).toBe(i);
        }
        expect(new Set(seen.flat().map((r) => r.n)).size).toBe(100); // every update saw the one before
      });
    });

    it('updateMeta returns what it stored, hands update its own copy, deletes on undefined, refuses non-JSON', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m) => {
        const b = m.backend;
        const ns = m.namespace;
        const calls: Array<JsonValue | undefined> = [];
        expect(
          await b.updateMeta(ns, 'r', (cur) => {
            calls.push(cur);
            return { list: [1] };
          }),
        ).toEqual({ list: [1] });
        expect(calls.at(-1)).toBeUndefined();
        expect(
          await b.updateMeta(ns, 'r', (cur) => {
            (cur as { list: number[] }).list.push(2); // its own copy: changing it is fine
            return cur;
          }),
        ).toEqual({ list: [1, 2] });
        expect(await b.getMeta(ns, 'r')).toEqual({ list: [1, 2] });
        expect(await b.updateMeta(ns, 'r', (cur) => cur)).toEqual({ list: [1, 2] }); // unchanged
        await expect(
          b.updateMeta(ns, 'r', () => ({ at: new Date(0) }) as unknown as JsonValue),
        ).rejects.toBeInstanceOf(InvalidValueError);
        expect(await b.getMeta(ns, 'r')).toEqual({ list: [1, 2] });
        expect(await b.updateMeta(ns, 'r', () => undefined)).toBeUndefined();
        expect(await b.getMeta(ns, 'r')).toBeUndefined();
        expect(await b.updateMeta(ns, 'r', () => undefined)).toBeUndefined(); // absent stays absent
        expect(await b.updateMeta(ns, 'n', (cur) => ((cur as number | undefined) ?? 41) + 1)).toBe(42);
        await b.setMeta(ns, 'n', 'set');
        expect(await b.updateMeta(ns, 'n', (cur) => `${cur} then updated`)).toBe('set then updated');
      });
    });

    it('an update that throws writes nothing, and its error comes back as it is', {
      timeout: T,
    }, async () => {
      await use(makeManager, async (m) => {
        const b = m.backend;
        const ns = m.namespace;
        await b.setMeta(ns, 'kept', { v: 1 });
        const boom = new Error('boom');
        const failing = (cur: JsonValue | undefined) => {
          (cur as { v: number }).v = 2; // changes its copy, then fails
          throw boom;
        };
        await expect(b.updateMeta(ns, 'kept', failing)).rejects.toBe(boom);
        expect(await b.getMeta(ns, 'kept')).toEqual({ v: 1 });
        const thrown = await b
          .updateMeta(ns, 'absent', () => {
            throw 'not an Error';
          })
          .catch((e: unknown) => e);
        expect(thrown).toBe('not an Error');
        expect(await b.getMeta(ns, 'absent')).toBeUndefined();
        // the record is still usable
        expect(await b.updateMeta(ns, 'kept', (cur) => ({ v: (cur as { v: number }).v + 1 }))).toEqual({
          v: 2,
        });
      });
    });
  });
}
