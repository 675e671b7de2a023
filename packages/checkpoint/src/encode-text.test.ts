import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeValue } from './content-tree.js';
import { encodeText, type RunIndex } from './encode-text.js';
import { NodeCache } from './node-cache.js';
import type { JsonValue } from './types.js';

const same = (value: unknown, cache?: NodeCache) => {
  const expected = encodeValue(value as JsonValue);
  const blobs = new Map<string, Uint8Array>();
  expect(encodeText(JSON.stringify(value), blobs, cache)).toBe(expected.root);
  expect([...blobs.keys()].sort()).toEqual([...expected.blobs.keys()].sort());
};

describe('encodeText', () => {
  it('gives exactly the root and blobs of encodeValue, for any JSON (small, large, deep, odd keys)', () => {
    const cache = new NodeCache(50_000);
    const big = fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 30, maxLength: 300 });
    const longString = fc.string({ minLength: 1000, maxLength: 3000, unit: 'binary' });
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 6 }),
        big,
        fc.dictionary(fc.string({ unit: 'binary' }), fc.jsonValue(), { minKeys: 0, maxKeys: 120 }),
        longString,
        (v, arr, dict, s) => {
          same(v, cache);
          same(arr, cache);
          same({ dict, arr, s }, cache);
          same({ nested: { deeper: [s, { s }] }, '"\\q': arr }, cache);
          same(JSON.parse(`{"__proto__":${JSON.stringify(arr)},"x":1}`), cache); // an own "__proto__" key
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reusing the runs of the previous text gives exactly the root and blobs of encodeValue, after any edits', () => {
    const items = fc.array(
      fc.record({
        id: fc.nat(),
        note: fc.string({ maxLength: 120 }),
        tags: fc.array(fc.jsonValue({ maxDepth: 2 })),
      }),
      { minLength: 20, maxLength: 200 },
    );
    // an edit: replace, insert or delete an item; or change a top-level field
    const edit = fc.tuple(
      fc.constantFrom('set', 'insert', 'delete', 'field'),
      fc.nat(),
      fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>,
    );
    fc.assert(
      fc.property(
        items,
        fc.array(fc.array(edit, { maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        (start, steps) => {
          let value: Record<string, JsonValue> = {
            step: 0,
            items: start as JsonValue[],
            nested: { list: start.slice(0, 30) as JsonValue[] },
          };
          let prev: { text: string; runs: RunIndex } | undefined;
          for (const [k, changes] of steps.entries()) {
            const list = [...(value.items as JsonValue[])];
            for (const [kind, at, v] of changes) {
              const i = list.length === 0 ? 0 : at % list.length;
              if (kind === 'set') list[i] = v;
              else if (kind === 'insert') list.splice(i, 0, v);
              else if (kind === 'delete') list.splice(i, 1);
              else value = { ...value, step: k, extra: v };
            }
            value = { ...value, items: list };
            const text = JSON.stringify(value);
            const next: RunIndex = new Map();
            const blobs = new Map<string, Uint8Array>();
            const expected = encodeValue(value);
            expect(encodeText(text, blobs, undefined, { prev, next })).toBe(expected.root);
            expect([...blobs.keys()].sort()).toEqual([...expected.blobs.keys()].sort());
            for (const [h, b] of blobs)
              expect(Buffer.from(b).equals(Buffer.from(expected.blobs.get(h) as Uint8Array))).toBe(true);
            prev = { text, runs: next };
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('re-encodes only the runs around a change', () => {
    const value = {
      step: 1,
      items: Array.from({ length: 1000 }, (_, i) => ({ i, note: `note ${i} `.repeat(8) })),
    };
    const first: RunIndex = new Map();
    const firstText = JSON.stringify(value);
    encodeText(firstText, new Map(), undefined, { next: first });
    value.items[500] = { i: -1, note: 'changed' };
    const text = JSON.stringify({ ...value, step: 2 });
    const next: RunIndex = new Map();
    const blobs = new Map<string, Uint8Array>();
    expect(encodeText(text, blobs, undefined, { prev: { text: firstText, runs: first }, next })).toBe(
      encodeValue({ ...value, step: 2 }).root,
    );
    const before = first.get('//"items"') ?? [];
    const after = next.get('//"items"') ?? [];
    expect(before.length).toBeGreaterThan(50);
    const reused = after.filter((r) => before.some((b) => b.blobs === r.blobs)).length;
    expect(after.length - reused).toBeGreaterThanOrEqual(1);
    expect(after.length - reused).toBeLessThanOrEqual(3);
  });

  it('declines text that is not compact JSON (the caller then parses it)', () => {
    const value = { items: Array.from({ length: 200 }, (_, i) => ({ i, note: `note ${i}` })) };
    const blobs = new Map<string, Uint8Array>();
    expect(encodeText(JSON.stringify(value, null, 2), blobs)).toBeUndefined();
    expect(encodeText(`${JSON.stringify(value)} `, blobs)).toBeUndefined();
    expect(encodeText(JSON.stringify(value).replace('"i":1,', '"i" :1,'), blobs)).toBeUndefined();
    expect(encodeText('[1, 2]', blobs)).toBeUndefined();
    expect(blobs.size).toBe(0);
    expect(encodeText('[1,2]', blobs)).toBe('=[1,2]');
  });
});
