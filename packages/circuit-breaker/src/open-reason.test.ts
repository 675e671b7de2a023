import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import { MemoryStore } from './memory-store.js';

/** The rejection message of a breaker opened by `failures` failed calls under `policy`. */
async function messageAfter(
  failures: number,
  policy: ConstructorParameters<typeof CircuitBreaker>[0]['policy'],
) {
  const breaker = new CircuitBreaker({ name: 'api', store: new MemoryStore(), policy });
  for (let i = 0; i < failures; i++) {
    const permit = await breaker.acquire();
    if (!permit.allowed) throw new Error('the breaker opened too early');
    await permit.failure(new Error('boom'));
  }
  const rejected = await breaker.acquire();
  expect(rejected.allowed).toBe(false);
  return rejected.allowed ? '' : rejected.message;
}

describe('why a breaker opened, in words', () => {
  it('counts one failure in the singular and more in the plural', async () => {
    expect(await messageAfter(1, { failureThreshold: 1 })).toMatch(/is open after 1 consecutive failure \(/);
    expect(await messageAfter(3, { failureThreshold: 3 })).toMatch(/is open after 3 consecutive failures \(/);
  });

  it('names the failure-rate window the same way', async () => {
    const rate = (window: number) => ({
      failureThreshold: 100,
      failureRate: { threshold: 1, window, minimumCalls: window },
    });
    expect(await messageAfter(1, rate(1))).toMatch(/a failure rate of 100% over the last 1 call \(/);
    expect(await messageAfter(2, rate(2))).toMatch(/a failure rate of 100% over the last 2 calls \(/);
  });
});
