import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.js';
import { emptyRecord } from './record.js';
import { runStoreCompliance } from './store-compliance.js';

runStoreCompliance('MemoryStore', async () => ({ store: new MemoryStore(), cleanup: async () => {} }));

describe('MemoryStore', () => {
  it('offers a synchronous update that is visible to the async reads', async () => {
    const store = new MemoryStore();
    const out = store.updateSync('a', () => ({ record: emptyRecord(5), result: 'done' }));
    expect(out).toBe('done');
    expect((await store.get('a'))?.updatedAt).toBe(5);
  });

  it('rejects (does not throw synchronously) when the update function throws', async () => {
    const store = new MemoryStore();
    const p = store.update('a', () => {
      throw new Error('x');
    });
    await expect(p).rejects.toThrow('x');
  });
});
