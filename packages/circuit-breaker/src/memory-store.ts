import { type BreakerRecord, totalsOf } from './record.js';
import type { BreakerStore, StoreTotals, UpdateFn } from './store.js';

/**
 * Records in a Map of this process: for tests and single-process use. Updates are synchronous
 * (so atomic) under the async interface, and `updateSync` gives the breaker a no-promise fast path.
 */
export class MemoryStore implements BreakerStore {
  // a mutable slot per name: an update replaces slot.record without touching the Map
  readonly #records = new Map<string, { record: BreakerRecord }>();

  updateSync<R>(name: string, fn: UpdateFn<R>): R {
    const slot = this.#records.get(name);
    const current = slot?.record;
    const { record, result } = fn(current);
    if (record !== current) {
      if (record === undefined) this.#records.delete(name);
      else if (slot !== undefined) slot.record = record;
      else this.#records.set(name, { record });
    }
    return result;
  }

  update<R>(name: string, fn: UpdateFn<R>): Promise<R> {
    try {
      return Promise.resolve(this.updateSync(name, fn));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async get(name: string): Promise<BreakerRecord | undefined> {
    const slot = this.#records.get(name);
    return slot === undefined ? undefined : structuredClone(slot.record);
  }

  async list(): Promise<Array<[string, BreakerRecord]>> {
    return [...this.#records.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, slot]) => [name, structuredClone(slot.record)]);
  }

  async totals(): Promise<StoreTotals> {
    return totalsOf(Array.from(this.#records.values(), (slot) => slot.record));
  }

  async close(): Promise<void> {}
}
