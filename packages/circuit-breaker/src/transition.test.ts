import { describe, expect, it } from 'vitest';
import { resolvePolicy } from './policy.js';
import type { BreakerRecord } from './record.js';
import { type CoreDecision, type TransitionEvent, type TransitionResult, transition } from './transition.js';

const T0 = 1_000_000;
const policy = resolvePolicy({ cooldownMs: 1_000, jitter: 0, trialLeaseMs: 500, maxCooldownMs: 5_000 });

/** Drives the pure core like a store would: keeps the last record. */
function core(p = policy, random: () => number = Math.random) {
  let record: BreakerRecord | undefined;
  let n = 0;
  const run = (event: TransitionEvent, now: number): TransitionResult => {
    const r = transition(record, event, p, now, random);
    record = r.record;
    return r;
  };
  return {
    get record() {
      return record!;
    },
    run,
    acquire: (now: number) => run({ type: 'acquire', id: `t${++n}`, owner: 'me' }, now).decision!,
    report(type: 'success' | 'failure' | 'ignore', d: CoreDecision, now: number, extra = {}) {
      if (!d.allowed) throw new Error('not a permit');
      return run(
        { type, generation: d.generation, trialId: d.trialId, error: new Error('boom'), ...extra },
        now,
      );
    },
  };
}

function openCircuit(c: ReturnType<typeof core>, now = T0) {
  for (let i = 0; i < 3; i++) c.report('failure', c.acquire(now), now);
}

describe('transition (pure core)', () => {
  it('admits calls in closed without changing the record', () => {
    const c = core();
    c.acquire(T0);
    const before = c.record;
    const r = transition(before, { type: 'acquire', id: 'x', owner: 'o' }, policy, T0 + 1);
    expect(r.decision).toEqual({ allowed: true, trial: false, generation: 0, trialId: null });
    expect(r.record).toBe(before);
    expect(r.events).toEqual([]);
  });

  it('opens after failureThreshold consecutive failures; a success in between resets the count', () => {
    const c = core();
    c.report('failure', c.acquire(T0), T0);
    c.report('failure', c.acquire(T0), T0);
    c.report('success', c.acquire(T0), T0);
    c.report('failure', c.acquire(T0), T0);
    c.report('failure', c.acquire(T0), T0);
    expect(c.record.circuit.status).toBe('closed');
    const r = c.report('failure', c.acquire(T0 + 7), T0 + 7);
    expect(r.record.circuit).toEqual({
      status: 'open',
      openedAt: T0 + 7,
      retryAt: T0 + 1_007,
      reason: '3 consecutive failures',
    });
    expect(r.events).toEqual([
      {
        type: 'opened',
        from: 'closed',
        to: 'open',
        at: T0 + 7,
        reason: '3 consecutive failures',
        error: 'boom',
      },
    ]);
    expect(r.record.stats).toMatchObject({ failureCount: 5, successCount: 1, firstFailureAt: T0 });
  });

  it('rejects before retryAt and turns half_open at retryAt, derived from the stored time', () => {
    const c = core();
    openCircuit(c);
    expect(c.acquire(T0 + 999)).toEqual({ allowed: false, reason: 'open', retryAt: T0 + 1_000 });
    const gen = c.record.generation;
    const r = c.run({ type: 'acquire', id: 'trial', owner: 'me' }, T0 + 1_000);
    expect(r.decision).toEqual({ allowed: true, trial: true, generation: gen + 1, trialId: 'trial' });
    expect(r.events.map((e) => [e.type, e.at])).toEqual([
      ['half_opened', T0 + 1_000],
      ['trial_started', T0 + 1_000],
    ]);
    expect(r.record.trials).toEqual([{ id: 'trial', owner: 'me', expiresAt: T0 + 1_500 }]);
  });

  it('limits concurrent trials; a full half-open says when the earliest lease ends', () => {
    const c = core(resolvePolicy({ ...policy, halfOpenMaxTrials: 2 }));
    openCircuit(c);
    expect(c.acquire(T0 + 1_000).allowed).toBe(true);
    expect(c.acquire(T0 + 1_100).allowed).toBe(true);
    expect(c.acquire(T0 + 1_200)).toEqual({ allowed: false, reason: 'half_open_full', retryAt: T0 + 1_500 });
    // the first lease expires: its slot is free again
    const d = c.acquire(T0 + 1_500);
    expect(d).toMatchObject({ allowed: true, trial: true });
    expect(c.record.trials.map((t) => t.expiresAt)).toEqual([T0 + 1_600, T0 + 2_000]);
  });

  it('closes after successThreshold trial successes and starts the backoff over', () => {
    const c = core();
    openCircuit(c);
    c.report('success', c.acquire(T0 + 1_000), T0 + 1_010);
    expect(c.record.circuit).toMatchObject({ status: 'half_open', successes: 1 });
    const r = c.report('success', c.acquire(T0 + 1_020), T0 + 1_030);
    expect(r.record.circuit).toEqual({ status: 'closed' });
    expect(r.record.openCount).toBe(0);
    expect(r.events.map((e) => e.type)).toEqual(['closed']);
    openCircuit(c, T0 + 2_000);
    expect(c.record.circuit).toMatchObject({ retryAt: T0 + 3_000 });
  });

  it('grows the cooldown by backoffFactor after each failed trial, up to maxCooldownMs', () => {
    const c = core();
    openCircuit(c);
    let now = T0;
    const periods: number[] = [];
    for (let i = 0; i < 5; i++) {
      const circuit = c.record.circuit;
      if (circuit.status !== 'open') throw new Error('expected open');
      periods.push(circuit.retryAt - circuit.openedAt);
      now = circuit.retryAt;
      c.report('failure', c.acquire(now), now);
    }
    expect(periods).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(c.record.circuit).toMatchObject({ reason: 'a failed trial' });
  });

  it('applies jitter deterministically from the injected random source', () => {
    const p = resolvePolicy({ cooldownMs: 1_000, jitter: 0.5, maxCooldownMs: 10_000 });
    const retry = (r: number) => {
      const c = core(p, () => r);
      openCircuit(c);
      const circuit = c.record.circuit;
      return circuit.status === 'open' ? circuit.retryAt - T0 : Number.NaN;
    };
    expect(retry(0)).toBe(500);
    expect(retry(0.5)).toBe(1_000);
    expect(retry(0.75)).toBe(1_250);
    expect(retry(0.75)).toBe(retry(0.75));
  });

  it('frees a half-open slot on ignore without counting it (no stuck half-open)', () => {
    const c = core();
    openCircuit(c);
    const d = c.acquire(T0 + 1_000);
    expect(c.acquire(T0 + 1_000).allowed).toBe(false);
    const r = c.report('ignore', d, T0 + 1_001);
    expect(r.record.trials).toEqual([]);
    expect(r.record.circuit).toMatchObject({ status: 'half_open', successes: 0 });
    expect(r.record.stats).toMatchObject({ successCount: 0, failureCount: 3 });
    expect(c.acquire(T0 + 1_002).allowed).toBe(true);
  });

  it('does not let a success from before the circuit opened close it', () => {
    const c = core(resolvePolicy({ ...policy, successThreshold: 1 }));
    const early = c.acquire(T0);
    openCircuit(c);
    c.acquire(T0 + 1_000); // half-open now, one trial in flight
    const r = c.report('success', early, T0 + 1_001);
    expect(r.record.circuit).toMatchObject({ status: 'half_open', successes: 0 });
    expect(r.record.stats).toMatchObject({ successCount: 1, consecutiveFailures: 3 });
    expect(r.record.trials).toHaveLength(1);
  });

  it('does not let a failure from an older generation re-open a freshly closed circuit', () => {
    const c = core(resolvePolicy({ ...policy, failureThreshold: 1, successThreshold: 1 }));
    const stale = c.acquire(T0);
    c.report('failure', c.acquire(T0), T0);
    c.report('success', c.acquire(T0 + 1_000), T0 + 1_000);
    expect(c.record.circuit.status).toBe('closed');
    const r = c.report('failure', stale, T0 + 1_001);
    expect(r.record.circuit.status).toBe('closed');
    expect(r.events).toEqual([]);
    expect(r.record.stats).toMatchObject({ failureCount: 2, consecutiveFailures: 0, lastError: 'boom' });
  });

  it('counts a success slower than slowCallMs as a failure', () => {
    const c = core(resolvePolicy({ ...policy, slowCallMs: 100, failureThreshold: 2 }));
    c.report('success', c.acquire(T0), T0, { durationMs: 100 });
    expect(c.record.stats).toMatchObject({ successCount: 1, failureCount: 0 });
    c.report('success', c.acquire(T0), T0, { durationMs: 101 });
    c.report('success', c.acquire(T0), T0, { durationMs: 250 });
    expect(c.record.stats).toMatchObject({
      successCount: 1,
      failureCount: 2,
      lastError: 'slow call: 250 ms > 100 ms',
    });
    expect(c.record.circuit.status).toBe('open');
  });

  it('opens on the failure rate over the window once minimumCalls is reached', () => {
    const p = resolvePolicy({
      ...policy,
      failureThreshold: 100,
      failureRate: { threshold: 0.5, window: 4, minimumCalls: 4 },
    });
    const c = core(p);
    for (const type of ['failure', 'success', 'failure'] as const) c.report(type, c.acquire(T0), T0);
    expect(c.record.circuit.status).toBe('closed');
    const r = c.report('success', c.acquire(T0), T0);
    expect(r.record.circuit.status).toBe('closed'); // 1/2 only counts on a failure outcome
    const r2 = c.report('failure', c.acquire(T0), T0);
    expect(r2.record.window).toEqual([0, 1, 0, 1]);
    expect(r2.record.circuit).toMatchObject({
      status: 'open',
      reason: 'a failure rate of 50% over the last 4 calls',
    });
  });

  it('expires forceOpen at until; without until it holds until reset', () => {
    const c = core();
    c.run({ type: 'forceOpen', until: T0 + 50, reason: 'deploy' }, T0);
    expect(c.acquire(T0 + 49)).toEqual({ allowed: false, reason: 'forced_open', retryAt: T0 + 50 });
    const r = c.run({ type: 'acquire', id: 'a', owner: 'o' }, T0 + 50);
    expect(r.decision?.allowed).toBe(true);
    expect(r.events).toEqual([
      { type: 'closed', from: 'forced_open', to: 'closed', at: T0 + 50, reason: 'forced open expired' },
    ]);
    c.run({ type: 'forceOpen' }, T0 + 60);
    expect(c.acquire(T0 + 10 ** 9)).toEqual({ allowed: false, reason: 'forced_open', retryAt: null });
    c.run({ type: 'reset' }, T0 + 10 ** 9);
    expect(c.acquire(T0 + 10 ** 9).allowed).toBe(true);
  });

  it('records outcomes but never rejects while disabled; enable closes with fresh counters', () => {
    const c = core();
    c.run({ type: 'disable' }, T0);
    for (let i = 0; i < 10; i++) c.report('failure', c.acquire(T0), T0);
    expect(c.record.circuit.status).toBe('disabled');
    expect(c.record.stats).toMatchObject({ failureCount: 10, consecutiveFailures: 10 });
    const r = c.run({ type: 'enable' }, T0 + 1);
    expect(r.record.circuit.status).toBe('closed');
    expect(r.record.stats).toMatchObject({ failureCount: 10, consecutiveFailures: 0 });
    expect(c.run({ type: 'enable' }, T0 + 2).events).toEqual([]);
  });

  it('halfOpen sends open and forced_open to half_open at once; the next call is the trial', () => {
    const c = core(resolvePolicy({ ...policy, successThreshold: 1 }));
    openCircuit(c);
    const gen = c.record.generation;
    const r = c.run({ type: 'halfOpen' }, T0 + 10);
    expect(r.record.circuit).toEqual({ status: 'half_open', openedAt: T0, successes: 0 });
    expect(r.record.generation).toBe(gen + 1);
    expect(r.events).toEqual([
      { type: 'half_opened', from: 'open', to: 'half_open', at: T0 + 10, reason: 'manual' },
    ]);
    // a failed trial re-opens with the next, longer cooldown (openCount kept)
    const trial = c.acquire(T0 + 10);
    expect(trial).toMatchObject({ allowed: true, trial: true });
    c.report('failure', trial, T0 + 10);
    expect(c.record.circuit).toMatchObject({ status: 'open', retryAt: T0 + 10 + 2_000 });
    c.run({ type: 'halfOpen' }, T0 + 20);
    c.report('success', c.acquire(T0 + 20), T0 + 20);
    expect(c.record.circuit).toEqual({ status: 'closed' });

    c.run({ type: 'forceOpen', reason: 'deploy' }, T0 + 30);
    c.run({ type: 'halfOpen' }, T0 + 40);
    expect(c.record.circuit).toEqual({ status: 'half_open', openedAt: T0 + 30, successes: 0 });
  });

  it('halfOpen is a no-op (same record, no event) in closed, half_open and disabled', () => {
    const c = core();
    expect(c.run({ type: 'halfOpen' }, T0).events).toEqual([]);
    const closed = c.record;
    expect(c.run({ type: 'halfOpen' }, T0 + 1).record).toBe(closed);
    openCircuit(c, T0 + 2);
    c.run({ type: 'halfOpen' }, T0 + 3);
    const half = c.record;
    expect(c.run({ type: 'halfOpen' }, T0 + 4).record).toBe(half);
    c.run({ type: 'disable' }, T0 + 5);
    const disabled = c.record;
    const r = c.run({ type: 'halfOpen' }, T0 + 6);
    expect(r.record).toBe(disabled);
    expect(r.events).toEqual([]);
  });

  it('reset clears the counters, keeps the lifetime totals and bumps the generation', () => {
    const c = core();
    openCircuit(c);
    const gen = c.record.generation;
    const r = c.run({ type: 'reset' }, T0 + 5);
    expect(r.record.circuit).toEqual({ status: 'closed' });
    expect(r.record.stats.failureCount).toBe(0);
    expect(r.record.lifetime).toEqual({ executions: 3, failures: 3 });
    expect(r.record.generation).toBe(gen + 1);
    expect(r.events).toEqual([{ type: 'reset', from: 'open', to: 'closed', at: T0 + 5 }]);
  });
});
