import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import type { Rejection } from './decision.js';
import { materialize } from './materialize.js';
import { MemoryStore } from './memory-store.js';
import { type BreakerPolicyInput, resolvePolicy } from './policy.js';
import type { BreakerRecord } from './record.js';
import { transition } from './transition.js';

const T0 = Date.UTC(2030, 0, 1, 12);
const HOUR = 3_600_000;

function setup(policy: BreakerPolicyInput) {
  const clock = { t: T0, now: () => clock.t };
  const store = new MemoryStore();
  const breaker = new CircuitBreaker({ name: 'api', store, clock, policy: { jitter: 0, ...policy } });
  const fail = () => breaker.execute(() => Promise.reject(new Error('boom'))).catch(() => {});
  return { breaker, clock, store, fail };
}

describe('a wall clock stepped back (fake clock)', () => {
  it('never keeps a circuit open longer than maxCooldownMs from now', async () => {
    const { breaker, clock, fail } = setup({ failureThreshold: 1, cooldownMs: 1_000, maxCooldownMs: 5_000 });
    await fail();
    expect(await breaker.status()).toMatchObject({ status: 'open', retryAt: T0 + 1_000 });
    clock.t -= HOUR; // NTP steps the clock back one hour
    const d = (await breaker.acquire()) as Rejection;
    expect(d).toMatchObject({ allowed: false, reason: 'open' });
    expect(d.retryAt! - clock.t).toBe(5_000); // not 3601 s
    expect(d.message).toContain(new Date(clock.t + 5_000).toISOString());
    // the clamped time is what the store now holds, for every process
    expect((await breaker.status()).retryAt).toBe(clock.t + 5_000);
    clock.t += 4_999;
    expect((await breaker.acquire()).allowed).toBe(false);
    clock.t += 1;
    expect(await breaker.acquire()).toMatchObject({ allowed: true, trial: true });
  });

  it('status() shows the capped time at once, without writing it', async () => {
    const { breaker, clock, store, fail } = setup({
      failureThreshold: 1,
      cooldownMs: 1_000,
      maxCooldownMs: 5_000,
    });
    await fail();
    clock.t -= HOUR;
    expect((await breaker.status()).retryAt).toBe(clock.t + 5_000);
    const stored = await store.get('api');
    expect(stored?.circuit).toMatchObject({ status: 'open', retryAt: T0 + 1_000 });
  });

  it('never holds a trial lease longer than trialLeaseMs from now', async () => {
    const { breaker, clock, store, fail } = setup({
      failureThreshold: 1,
      cooldownMs: 1_000,
      trialLeaseMs: 10_000,
    });
    await fail();
    clock.t += 1_000;
    const trial = await breaker.acquire(); // the trial's process then dies without reporting
    expect(trial).toMatchObject({ allowed: true, trial: true });
    clock.t -= HOUR;
    const d = (await breaker.acquire()) as Rejection;
    expect(d).toMatchObject({ allowed: false, reason: 'half_open_full' });
    expect(d.retryAt! - clock.t).toBe(10_000);
    expect((await store.get('api'))!.trials.map((t) => t.expiresAt)).toEqual([clock.t + 10_000]);
    clock.t += 10_000;
    expect(await breaker.acquire()).toMatchObject({ allowed: true, trial: true });
  });

  it("keeps an operator's forced-open until as chosen (the policy does not bound it)", async () => {
    const { breaker, clock } = setup({ maxCooldownMs: 5_000, cooldownMs: 1_000 });
    await breaker.forceOpen({ until: T0 + 2 * HOUR, reason: 'maintenance' });
    clock.t -= HOUR;
    const d = (await breaker.acquire()) as Rejection;
    expect(d).toMatchObject({ allowed: false, reason: 'forced_open', retryAt: T0 + 2 * HOUR });
  });

  it('leaves times within the limits alone (same record: nothing to write)', () => {
    const policy = resolvePolicy({ failureThreshold: 1, cooldownMs: 1_000, maxCooldownMs: 5_000 });
    const opened = transition(undefined, { type: 'failure', generation: 0 }, policy, T0, () => 0.5).record;
    expect(materialize(opened, T0 - 4_000, undefined, policy)).toBe(opened);
    expect(materialize(opened, T0 - HOUR, undefined)).toBe(opened); // no limits given: as stored
    const clamped = materialize(opened, T0 - HOUR, undefined, policy);
    expect(clamped.circuit).toMatchObject({ status: 'open', retryAt: T0 - HOUR + 5_000 });
    expect(clamped.generation).toBe(opened.generation);
  });
});

type Step =
  | { t: 'clock'; ms: number }
  | { t: 'acquire' }
  | { t: 'failure' | 'success' | 'ignore'; k: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  // any clock sequence: small and large steps either way
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('clock' as const),
      ms: fc.oneof(fc.integer({ min: -20_000, max: 20_000 }), fc.integer({ min: -2 * HOUR, max: 2 * HOUR })),
    }),
  },
  { weight: 4, arbitrary: fc.constant({ t: 'acquire' as const }) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constantFrom('failure' as const, 'success' as const, 'ignore' as const),
      k: fc.nat(),
    }),
  },
);

describe('a wall clock stepped back (property)', () => {
  it('for any clock sequence, retryAt - now <= maxCooldownMs and a lease ends within trialLeaseMs', () => {
    fc.assert(
      fc.property(
        fc.record({
          failureThreshold: fc.integer({ min: 1, max: 3 }),
          cooldownMs: fc.integer({ min: 0, max: 10_000 }),
          extraCooldownMs: fc.integer({ min: 0, max: 30_000 }),
          backoffFactor: fc.constantFrom(1, 2, 3),
          jitter: fc.double({ min: 0, max: 1, noNaN: true }),
          halfOpenMaxTrials: fc.integer({ min: 1, max: 3 }),
          trialLeaseMs: fc.integer({ min: 1, max: 20_000 }),
        }),
        fc.array(stepArb, { minLength: 10, maxLength: 150 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
        ({ extraCooldownMs, ...input }, steps, randoms) => {
          const policy = resolvePolicy({ ...input, maxCooldownMs: input.cooldownMs + extraCooldownMs });
          const it = randoms[Symbol.iterator]();
          const random = () => it.next().value as number;
          let now = T0;
          let record: BreakerRecord | undefined;
          let n = 0;
          const held: Array<{ generation: number; trialId: string | null }> = [];
          for (const step of steps) {
            if (step.t === 'clock') {
              now += step.ms;
              continue;
            }
            if (step.t === 'acquire') {
              const r = transition(
                record,
                { type: 'acquire', id: `t${++n}`, owner: 'o' },
                policy,
                now,
                random,
              );
              record = r.record;
              const d = r.decision!;
              if (d.allowed) held.push(d);
              else if (d.reason === 'open')
                expect(d.retryAt! - now).toBeLessThanOrEqual(policy.maxCooldownMs);
              else if (d.reason === 'half_open_full')
                expect(d.retryAt! - now).toBeLessThanOrEqual(policy.trialLeaseMs);
            } else {
              if (held.length === 0) continue;
              const [p] = held.splice(step.k % held.length, 1);
              record = transition(record, { type: step.t, ...p! }, policy, now, random).record;
            }
            // what the core stored at now is within the limits
            const c = record!.circuit;
            if (c.status === 'open') expect(c.retryAt - now).toBeLessThanOrEqual(policy.maxCooldownMs);
            for (const t of record!.trials)
              expect(t.expiresAt - now).toBeLessThanOrEqual(policy.trialLeaseMs);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
