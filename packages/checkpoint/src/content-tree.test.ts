import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeManifest, encodeEntries, encodeValue, hashBytes } from './content-tree.js';
import { EncodedKeys } from './encoded-keys.js';
import { MemoryBackend } from './memory-backend.js';
import { NodeCache } from './node-cache.js';
import { StateManager } from './state-manager.js';
import type { Entry, JsonValue } from './types.js';

const entry = (value: JsonValue): Entry => ({ value, revision: 1, updatedAt: 0 });

async function roundTrip(values: Record<string, JsonValue>): Promise<Map<string, JsonValue>> {
  const { manifest, blobs } = await encodeEntries(
    new Map(Object.entries(values).map(([k, v]) => [k, entry(v)])),
  );
  const store = new Map(blobs);
  for (const [h, b] of blobs) expect(hashBytes(b)).toBe(h);
  return decodeManifest(
    manifest,
    async (hashes) => new Map(hashes.map((h) => [h, store.get(h) as Uint8Array])),
  );
}

describe('content tree', () => {
  it('EncodedKeys: a key whose stored text did not change is neither parsed nor encoded again', async () => {
    const big = { rows: Array.from({ length: 300 }, (_, i) => ({ i, text: `row ${i}`.repeat(5) })) };
    // pretty-printed: not compact JSON, so encoding it must parse it (compact text is not parsed at all)
    const text = JSON.stringify(big, null, 1);
    const keys = new EncodedKeys(text.length + 100); // room for one such text, not two
    let parses = 0;
    const stored = (t: string) => ({
      text: t,
      revision: 1,
      updatedAt: 0,
      get value() {
        parses++;
        return JSON.parse(t);
      },
    });
    const first = await encodeEntries(new Map([['k', stored(text)]]), undefined, keys);
    const again = await encodeEntries(new Map([['k', stored(text)]]), undefined, keys);
    expect(parses).toBe(1);
    expect(again).toEqual(first); // same manifest, every blob again, same size
    const changed = JSON.stringify({ ...big, extra: true }, null, 1);
    const third = await encodeEntries(new Map([['k', stored(changed)]]), undefined, keys);
    expect(parses).toBe(2);
    expect(third.manifest.k).toBe(encodeValue(JSON.parse(changed)).root);
    // bounded by text: a second big key pushes the first one out
    await encodeEntries(
      new Map([['other', stored(JSON.stringify({ ...big, other: 1 }, null, 1))]]),
      undefined,
      keys,
    );
    expect(keys.size).toBe(1);
  });

  it('a NodeCache changes only the work: cached encodings equal uncached ones, however full it gets', () => {
    const cache = new NodeCache(20_000); // small: generations turn over during the run
    const big = fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 20, maxLength: 200 });
    fc.assert(
      fc.property(big, fc.nat(19), (arr, at) => {
        for (const value of [arr, arr.toSpliced(at, 1)] as JsonValue[]) {
          const plain = encodeValue(value);
          const cached = encodeValue(value, new Map(), cache);
          expect(cached.root).toBe(plain.root);
          expect([...cached.blobs.keys()].sort()).toEqual([...plain.blobs.keys()].sort());
          for (const [h, b] of cached.blobs) expect(hashBytes(b)).toBe(h);
        }
      }),
      { numRuns: 150 },
    );
    expect(cache.size).toBeGreaterThan(0);
  });

  it('decodes what it encodes, for any JSON (small and large)', async () => {
    const big = fc.array(fc.jsonValue({ maxDepth: 3 }), { minLength: 50, maxLength: 300 });
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue({ maxDepth: 6 }),
        big,
        fc.dictionary(fc.string(), fc.jsonValue()),
        async (v, arr, dict) => {
          const values = { v: v as JsonValue, arr: arr as JsonValue, dict: dict as JsonValue };
          const back = await roundTrip(values);
          // JSON semantics: -0 becomes 0
          expect(Object.fromEntries(back)).toStrictEqual(JSON.parse(JSON.stringify(values)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is deterministic and keeps object key order', () => {
    const value = {
      z: 1,
      a: Array.from({ length: 500 }, (_, i) => ({ i, s: 'x'.repeat(20) })),
      m: 'y'.repeat(3000),
    };
    expect(encodeValue(value).root).toBe(encodeValue(structuredClone(value)).root);
    expect(encodeValue({ a: 1, b: 2 }).root).not.toBe(encodeValue({ b: 2, a: 1 }).root);
  });

  it('a tiny value lives in the manifest, a large one in blobs', () => {
    expect(encodeValue({ ok: true }).root).toBe('={"ok":true}');
    const large = encodeValue('x'.repeat(5000));
    expect(large.root).toMatch(/^[0-9a-f]{64}$/);
    expect(large.blobs.size).toBe(1);
  });

  it('rejects a blob whose bytes do not match its hash', async () => {
    const { manifest, blobs } = await encodeEntries(new Map([['k', entry('x'.repeat(5000))]]));
    const [hash] = blobs[0] as [string, Uint8Array];
    await expect(
      decodeManifest(manifest, async () => new Map([[hash, Buffer.from('["v","tampered"]')]])),
    ).rejects.toMatchObject({ code: 'EBACKEND' });
  });

  it('a 100 KB state changing 1% per step adds only about the changed bytes per checkpoint', async () => {
    const backend = new MemoryBackend();
    const m = await StateManager.open({ backend, namespace: 'tree' });
    let seed = 1;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const word = () => Math.floor(rand() * 1e9).toString(36);
    const item = (i: number) => ({
      id: i,
      name: `item ${word()}`,
      tags: [word(), word()],
      note: word().repeat(6),
    });
    const items: Record<string, JsonValue> = {};
    for (let i = 0; i < 1000; i++) items[`item-${i}`] = item(i);
    const size = JSON.stringify(items).length;
    expect(size).toBeGreaterThan(80_000);
    await m.save('state', items);
    await m.checkpoint('step-0');
    const perStep: number[] = [];
    for (let step = 1; step <= 10; step++) {
      const before = backend.blobStats('tree').bytes;
      for (let j = 0; j < 10; j++) {
        const i = Math.floor(rand() * 1000);
        items[`item-${i}`] = item(i);
      }
      await m.save('state', items);
      await m.checkpoint(`step-${step}`);
      perStep.push(backend.blobStats('tree').bytes - before);
    }
    for (const bytes of perStep) expect(bytes).toBeLessThan(10_000);
    await m.restore('step-10');
    expect(await m.load('state')).toEqual(items);
  });
});
