import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import { BreakerOpenError, InvalidOptionError, InvalidPolicyError, StoreUnavailableError } from './errors.js';
import type { BreakerEvent } from './events.js';
import { FileStore } from './file-store.js';
import { MemoryStore } from './memory-store.js';
import type { BreakerStore } from './store.js';

const T0 = Date.UTC(2030, 0, 1);

/** MemoryStore without its sync fast path: exercises the async code path. */
function asyncOnly(inner = new MemoryStore()): BreakerStore {
  return {
    update: (n, fn) => inner.update(n, fn),
    get: (n) => inner.get(n),
    list: () => inner.list(),
    totals: () => inner.totals(),
  };
}

function setup(store: BreakerStore = new MemoryStore(), policy = {}) {
  const clock = { t: T0, now: () => clock.t };
  const events: BreakerEvent[] = [];
  const breaker = new CircuitBreaker({
    name: 'api',
    store,
    clock,
    policy: { cooldownMs: 1_000, jitter: 0, ...policy },
    onEvent: (e) => events.push(e),
  });
  return { breaker, clock, events, store };
}

describe.each([
  ['sync store (MemoryStore fast path)', () => new MemoryStore()],
  ['async-only store', () => asyncOnly()],
])('CircuitBreaker over a %s', (_, makeStore) => {
  it('returns the value of sync and async functions and rethrows their errors', async () => {
    const { breaker } = setup(makeStore());
    await expect(breaker.execute(() => 41)).resolves.toBe(41);
    await expect(breaker.execute(async () => 42)).resolves.toBe(42);
    const sync = new Error('sync');
    await expect(
      breaker.execute(() => {
        throw sync;
      }),
    ).rejects.toBe(sync);
    await expect(breaker.execute(() => Promise.reject(new Error('async')))).rejects.toThrow('async');
    expect(await breaker.status()).toMatchObject({ successCount: 2, failureCount: 2, lastError: 'async' });
  });

  it('rethrows and records any thrown value, even one that String() and JSON.stringify cannot show', async () => {
    const { breaker } = setup(makeStore());
    const odd = Object.create(null) as Record<string, unknown>;
    odd.self = odd; // a cycle in an object without a prototype: both conversions throw
    await expect(
      breaker.execute(() => {
        throw odd;
      }),
    ).rejects.toBe(odd);
    expect(await breaker.status()).toMatchObject({
      failureCount: 1,
      lastError: '<ref *1> [Object: null prototype] { self: [Circular *1] }',
    });
  });

  it('throws BreakerOpenError without calling fn once open, with the rejection attached', async () => {
    const { breaker, clock, events } = setup(makeStore());
    for (let i = 0; i < 3; i++)
      await breaker.execute(() => Promise.reject(new Error('down'))).catch(() => {});
    let called = false;
    const err = await breaker
      .execute(() => {
        called = true;
      })
      .catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(err).toBeInstanceOf(BreakerOpenError);
    const { rejection } = err as BreakerOpenError;
    expect(rejection).toMatchObject({ reason: 'open', retryAt: T0 + 1_000 });
    expect(rejection.snapshot).toMatchObject({ name: 'api', status: 'open', consecutiveFailures: 3 });
    expect((err as Error).message).toBe(
      `circuit-breaker: api is open after 3 consecutive failures (last error: down); retry at ${new Date(T0 + 1_000).toISOString()}`,
    );
    expect(events).toEqual([
      {
        type: 'opened',
        name: 'api',
        from: 'closed',
        to: 'open',
        at: clock.t,
        reason: '3 consecutive failures',
        error: 'down',
      },
    ]);
  });

  it('counts only the first report of a permit', async () => {
    const { breaker } = setup(makeStore());
    const permit = await breaker.acquire();
    if (!permit.allowed) throw new Error('expected a permit');
    await permit.success();
    await permit.failure(new Error('late'));
    await permit.ignore();
    expect(await breaker.status()).toMatchObject({ successCount: 1, failureCount: 0 });
  });

  it('measures durationMs from acquire() for the slow-call rule', async () => {
    const { breaker, clock } = setup(makeStore(), { slowCallMs: 100 });
    const fast = await breaker.acquire();
    clock.t += 100;
    if (fast.allowed) await fast.success();
    const slow = await breaker.acquire();
    clock.t += 101;
    if (slow.allowed) await slow.success();
    const given = await breaker.acquire();
    clock.t += 5_000;
    if (given.allowed) await given.success({ durationMs: 3 });
    expect(await breaker.status()).toMatchObject({ successCount: 2, failureCount: 1 });
  });

  it('execute() records a call slower than slowCallMs as a failure and still returns its value', async () => {
    const { breaker, clock } = setup(makeStore(), { slowCallMs: 100 });
    const taking = (ms: number) => async () => {
      clock.t += ms; // the call takes ms on the breaker's clock
      return ms;
    };
    await expect(breaker.execute(taking(100))).resolves.toBe(100);
    expect(await breaker.status()).toMatchObject({ successCount: 1, failureCount: 0 });
    await expect(breaker.execute(taking(101))).resolves.toBe(101);
    expect(await breaker.status()).toMatchObject({
      successCount: 1,
      failureCount: 1,
      consecutiveFailures: 1,
      lastError: 'slow call: 101 ms > 100 ms',
    });
    const syncSlow = () => {
      clock.t += 250;
      return 'sync';
    };
    await expect(breaker.execute(syncSlow)).resolves.toBe('sync');
    expect(await breaker.status()).toMatchObject({
      failureCount: 2,
      consecutiveFailures: 2,
      lastError: 'slow call: 250 ms > 100 ms',
    });
  });

  it('judges a late permit against its generation', async () => {
    const { breaker, clock } = setup(makeStore(), { successThreshold: 1 });
    const early = await breaker.acquire();
    for (let i = 0; i < 3; i++) await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => {});
    clock.t += 1_000;
    if (early.allowed) await early.success();
    expect((await breaker.status()).status).toBe('half_open');
    await breaker.execute(() => 'trial');
    expect((await breaker.status()).status).toBe('closed');
  });

  it('tells each permit how many failures in a row the breaker had recorded when it admitted the call', async () => {
    const { breaker } = setup(makeStore());
    const failuresAtAdmission = async (outcome: 'success' | 'failure') => {
      const permit = await breaker.acquire();
      if (!permit.allowed) throw new Error('expected a permit');
      await (outcome === 'success' ? permit.success() : permit.failure(new Error('down')));
      return permit.consecutiveFailures;
    };
    expect(await failuresAtAdmission('failure')).toBe(0); // a breaker never seen before
    expect(await failuresAtAdmission('failure')).toBe(1);
    expect(await failuresAtAdmission('success')).toBe(2);
    expect(await failuresAtAdmission('success')).toBe(0);
  });

  it('gives each trial of one breaker instance its own lease', async () => {
    const { breaker, clock, events } = setup(makeStore(), { halfOpenMaxTrials: 2, successThreshold: 2 });
    for (let i = 0; i < 3; i++) await breaker.execute(() => Promise.reject(new Error('x'))).catch(() => {});
    clock.t += 1_000;
    const a = await breaker.acquire();
    const b = await breaker.acquire();
    expect([a.allowed && a.trial, b.allowed && b.trial]).toEqual([true, true]);
    expect((await breaker.acquire()).allowed).toBe(false);
    if (a.allowed) await a.success();
    expect((await breaker.status()).activeTrials).toBe(1);
    if (b.allowed) await b.success();
    expect(await breaker.status()).toMatchObject({ status: 'closed', activeTrials: 0 });
    const starts = events.filter((e) => e.type === 'trial_started').map((e) => e.reason);
    expect(new Set(starts).size).toBe(2);
  });

  it('fails with the store error and does not call fn when the store is unavailable', async () => {
    const down = new StoreUnavailableError('test', 'update api', { cause: new Error('ECONNREFUSED') });
    const broken = { ...asyncOnly(), update: () => Promise.reject(down) };
    const { breaker } = setup(broken);
    let called = false;
    await expect(breaker.execute(() => (called = true))).rejects.toBe(down);
    expect(called).toBe(false);
    expect(down.message).toBe(
      'circuit-breaker: expected the test store to update api in bounded time, found: ECONNREFUSED',
    );
  });
});

describe('CircuitBreaker options', () => {
  it('names the bad option', () => {
    const store = new MemoryStore();
    expect(() => new CircuitBreaker({ name: '', store })).toThrow(InvalidOptionError);
    expect(() => new CircuitBreaker({ name: 'x', store: {} as BreakerStore })).toThrow(/options\.store/);
    expect(() => new CircuitBreaker({ name: 'x', store, policy: { cooldownMs: -1 } })).toThrow(
      InvalidPolicyError,
    );
  });

  it('refuses a non-finite forceOpen until', async () => {
    const { breaker } = setup();
    await expect(breaker.forceOpen({ until: Number.NaN })).rejects.toMatchObject({ code: 'EINVALIDOPTION' });
  });

  it('refuses a forceOpen until more than 100 years away (it could not be stored as a date)', async () => {
    const { breaker, store } = setup(new FileStore(join(tempDir(), 'state.json')));
    const century = 100 * 365.25 * 24 * 3600 * 1000;
    for (const until of [T0 + 1e16, T0 + century + 1, T0 - century - 1]) {
      const caught = await breaker.forceOpen({ until }).catch((e: unknown) => e);
      expect(caught).toBeInstanceOf(InvalidOptionError);
      expect(caught).toMatchObject({ code: 'EINVALIDOPTION', option: 'forceOpen until', found: until });
      expect((caught as Error).message).toMatch(
        /^circuit-breaker: expected forceOpen until to be a finite ms epoch within 100 years \(3155760000000 ms\) of now \(\d+\), or undefined, found /,
      );
    }
    expect(await store.get('api')).toBeUndefined(); // nothing was written
    await breaker.forceOpen({ until: T0 + century });
    expect(await breaker.status()).toMatchObject({ status: 'forced_open', retryAt: T0 + century });
  });

  it('survives a throwing onEvent listener', async () => {
    const breaker = new CircuitBreaker({
      name: 'x',
      store: new MemoryStore(),
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    await breaker.forceOpen({ reason: 'r' });
    expect((await breaker.status()).status).toBe('forced_open');
  });

  it('tells the forced reason in the rejection message', async () => {
    const { breaker } = setup();
    await breaker.forceOpen({ reason: 'deploy' });
    const d = await breaker.acquire();
    expect(!d.allowed && d.message).toBe('circuit-breaker: api is forced open (reason: deploy); until reset');
  });
});
