import { type BreakerRecord, totalsOf } from './record.js';
import type { BreakerStore, StoreTotals, UpdateFn } from './store.js';

/**
 * Records in a Map of this process: for tests and single-process use. Updates are synchronous
 * (so atomic) under the async interface, and `updateSync` gives the breaker a no-promise fast path.
 */
export class MemoryStore implements BreakerStore {
  readonly #records = new Map<string, BreakerRecord>();

  updateSync<R>(name: string, fn: UpdateFn<R>): R {
    const current = this.#records.get(name);
    const { record, result } = fn(current);
    if (record !== current) {
      if (record === undefined) this.#records.delete(name);
      else this.#records.set(name, record);
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
    const r = this.#records.get(name);
    return r === undefined ? undefined : structuredClone(r);
  }

  async list(): Promise<Array<[string, BreakerRecord]>> {
    return [...this.#records.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, r]) => [name, structuredClone(r)]);
  }

  async totals(): Promise<StoreTotals> {
    return totalsOf(this.#records.values());
  }

  async close(): Promise<void> {}
}
