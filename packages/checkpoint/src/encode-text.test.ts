import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeValue } from './content-tree.js';
import { encodeText } from './encode-text.js';
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
