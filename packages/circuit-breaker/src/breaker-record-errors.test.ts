import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import { StoreUnavailableError } from './errors.js';
import { MemoryStore } from './memory-store.js';
import type { BreakerStore, UpdateFn } from './store.js';

// README: "If the store fails while recording, the promise rejects" - for the outcome, not only the acquire.
const down = new StoreUnavailableError('test', 'update api', { cause: new Error('ECONNRESET') });

/**
 * A MemoryStore that admits calls but fails every other update (an outcome): the update function
 * runs, and throws instead of letting the store write. `sync` keeps the updateSync fast path.
 */
function failingOnOutcomes(sync: boolean): BreakerStore {
  const inner = new MemoryStore();
  const guard =
    <R>(fn: UpdateFn<R>): UpdateFn<R> =>
    (current) => {
      const out = fn(current);
      // the breaker's update result is the core's TransitionResult: only acquire has a decision
      if ((out.result as { decision?: unknown }).decision === undefined) throw down;
      return out;
    };
  const store: BreakerStore = {
    update: (name, fn) => inner.update(name, guard(fn)),
    get: (name) => inner.get(name),
    list: () => inner.list(),
    totals: () => inner.totals(),
  };
  if (sync) store.updateSync = (name, fn) => inner.updateSync(name, guard(fn));
  return store;
}

describe.each([
  ['sync store (updateSync throws)', true],
  ['async-only store (update rejects)', false],
])('CircuitBreaker over a %s that fails to record outcomes', (_, sync) => {
  const breaker = () => new CircuitBreaker({ name: 'api', store: failingOnOutcomes(sync) });

  it('execute() runs fn, then rejects with the store error after a success, sync or async', async () => {
    const b = breaker();
    let calls = 0;
    await expect(b.execute(() => ++calls)).rejects.toBe(down);
    await expect(b.execute(async () => ++calls)).rejects.toBe(down);
    expect(calls).toBe(2);
  });

  it("execute() runs fn, then rejects with the store error, not fn's, after a failure", async () => {
    const b = breaker();
    let calls = 0;
    const boom = () => new Error(`boom ${++calls}`);
    await expect(
      b.execute(() => {
        throw boom();
      }),
    ).rejects.toBe(down);
    await expect(b.execute(() => Promise.reject(boom()))).rejects.toBe(down);
    expect(calls).toBe(2);
  });

  it('permit.success() and permit.failure() reject with the store error', async () => {
    const b = breaker();
    for (const report of ['success', 'failure'] as const) {
      const permit = await b.acquire();
      if (!permit.allowed) throw new Error('expected a permit');
      const recorded = report === 'success' ? permit.success() : permit.failure(new Error('boom'));
      await expect(recorded).rejects.toBe(down);
    }
  });
});
