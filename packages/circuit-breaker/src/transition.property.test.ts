import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { materialize } from './materialize.js';
import { type BreakerPolicy, resolvePolicy } from './policy.js';
import type { BreakerRecord } from './record.js';
import { snapshotOf } from './snapshot.js';
import { type CoreDecision, transition } from './transition.js';

type Cmd =
  | { t: 'acquire' }
  | { t: 'success' | 'failure' | 'ignore'; k: number; durationMs: number }
  | { t: 'tick'; ms: number }
  | { t: 'forceOpen'; until: number | null }
  | { t: 'disable' }
  | { t: 'enable' }
  | { t: 'halfOpen' }
  | { t: 'reset' };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.constant({ t: 'acquire' as const }) },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constantFrom(
        'failure' as const,
        'failure' as const,
        'success' as const,
        'success' as const,
        'ignore' as const,
      ),
      k: fc.nat(),
      durationMs: fc.nat({ max: 300 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('tick' as const), ms: fc.nat({ max: 2_500 }) }) },
  // the wall clock stepped back (NTP, a VM restore): a little, or by up to an hour
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('tick' as const),
      ms: fc.oneof(fc.integer({ min: -5_000, max: -1 }), fc.integer({ min: -3_600_000, max: -1 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('forceOpen' as const),
      until: fc.option(fc.nat({ max: 3_000 }), { freq: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom({ t: 'disable' as const }, { t: 'enable' as const }, { t: 'reset' as const }),
  },
  { weight: 2, arbitrary: fc.constant({ t: 'halfOpen' as const }) },
);

const cmdsArb = fc.array(cmdArb, { minLength: 20, maxLength: 120, size: 'max' });

type Held = Extract<CoreDecision, { allowed: true }>;
const STATUSES = ['closed', 'open', 'half_open', 'forced_open', 'disabled'];

/** A small, independent, imperative model of the rules (consecutive-failure policy, no jitter). */
class Model {
  status = 'closed';
  gen = 0;
  consec = 0;
  halfSucc = 0;
  openCount = 0;
  retryAt = 0;
  until: number | null = null;
  trials = new Map<string, number>();
  constructor(readonly p: BreakerPolicy) {}
  derive(now: number) {
    // stored times never reach further than the policy allows from now (a clock stepped back)
    if (this.status === 'open') this.retryAt = Math.min(this.retryAt, now + this.p.maxCooldownMs);
    for (const [id, exp] of this.trials) this.trials.set(id, Math.min(exp, now + this.p.trialLeaseMs));
    if (this.status === 'open' && now >= this.retryAt) {
      this.status = 'half_open';
      this.halfSucc = 0;
      this.bump();
    } else if (this.status === 'forced_open' && this.until !== null && now >= this.until) {
      this.status = 'closed';
      this.consec = 0;
      this.openCount = 0;
      this.bump();
    }
    for (const [id, exp] of this.trials) if (exp <= now) this.trials.delete(id);
  }
  /** How the state reads at `now`, without storing it: the clock may yet step back. */
  peek(now: number): Model {
    const view = Object.assign(new Model(this.p), this, { trials: new Map(this.trials) });
    view.derive(now);
    return view;
  }
  bump() {
    this.gen++;
    this.trials.clear();
  }
  open(now: number) {
    this.retryAt =
      now +
      Math.round(Math.min(this.p.maxCooldownMs, this.p.cooldownMs * this.p.backoffFactor ** this.openCount));
    this.openCount++;
    this.status = 'open';
    this.bump();
  }
  acquire(id: string, now: number): boolean {
    this.derive(now);
    if (this.status === 'closed' || this.status === 'disabled') return true;
    if (this.status !== 'half_open' || this.trials.size >= this.p.halfOpenMaxTrials) return false;
    this.trials.set(id, now + this.p.trialLeaseMs);
    return true;
  }
  report(type: string, held: Held, now: number) {
    this.derive(now);
    if (held.trialId) this.trials.delete(held.trialId);
    if (type === 'ignore' || held.generation !== this.gen) return;
    if (type === 'failure') {
      this.consec++;
      if (
        this.status === 'half_open' ||
        (this.status === 'closed' && this.consec >= this.p.failureThreshold)
      ) {
        this.open(now);
      }
    } else {
      this.consec = 0;
      if (this.status === 'half_open' && ++this.halfSucc >= this.p.successThreshold) {
        this.status = 'closed';
        this.openCount = 0;
        this.bump();
      }
    }
  }
  manual(cmd: Cmd, now: number) {
    this.derive(now);
    if (cmd.t === 'forceOpen') {
      this.status = 'forced_open';
      this.until = cmd.until === null ? null : now + cmd.until;
      this.bump();
    } else if (cmd.t === 'disable' && this.status !== 'disabled') {
      this.status = 'disabled';
      this.bump();
    } else if (cmd.t === 'halfOpen' && (this.status === 'open' || this.status === 'forced_open')) {
      // manual recovery test: half_open now; openCount kept (a failed trial backs off further)
      this.status = 'half_open';
      this.halfSucc = 0;
      this.bump();
    } else if ((cmd.t === 'enable' && this.status === 'disabled') || cmd.t === 'reset') {
      this.status = 'closed';
      this.consec = 0;
      this.openCount = 0;
      this.bump();
    }
  }
}

function run(cmds: Cmd[], policy: BreakerPolicy, random: () => number, model: Model | null) {
  let record: BreakerRecord | undefined;
  let now = 1_000_000;
  let n = 0;
  let lastGen = 0;
  const held: Held[] = [];
  for (const cmd of cmds) {
    const before = snapshotOf('p', record, now);
    let decision: CoreDecision | undefined;
    if (cmd.t === 'tick') {
      now += cmd.ms;
    } else if (cmd.t === 'acquire') {
      const id = `t${++n}`;
      const r = transition(record, { type: 'acquire', id, owner: 'o' }, policy, now, random);
      record = r.record;
      decision = r.decision!;
      if (decision.allowed) held.push(decision);
      const expected = model?.acquire(id, now);
      if (model) expect(decision.allowed).toBe(expected);
      // an open circuit never admits a call before its retry time; a disabled one never rejects
      if (before.status === 'open') expect(decision.allowed).toBe(false);
      if (before.status === 'disabled') expect(decision.allowed).toBe(true);
      if (!decision.allowed && decision.reason === 'open') {
        expect(decision.retryAt!).toBeGreaterThan(now);
        expect(decision.retryAt! - now).toBeLessThanOrEqual(policy.maxCooldownMs);
      }
      if (!decision.allowed && decision.reason === 'half_open_full')
        expect(decision.retryAt! - now).toBeLessThanOrEqual(policy.trialLeaseMs);
    } else if (cmd.t === 'success' || cmd.t === 'failure' || cmd.t === 'ignore') {
      if (held.length === 0) continue;
      const [permit] = held.splice(cmd.k % held.length, 1);
      const event = {
        type: cmd.t,
        generation: permit!.generation,
        trialId: permit!.trialId,
        durationMs: cmd.durationMs,
      };
      record = transition(record, { ...event, error: 'e' }, policy, now, random).record;
      model?.report(cmd.t, permit!, now);
    } else {
      const event =
        cmd.t === 'forceOpen'
          ? { type: cmd.t, until: cmd.until === null ? null : now + cmd.until }
          : { type: cmd.t };
      record = transition(record, event as never, policy, now, random).record;
      model?.manual(cmd, now);
    }
    if (!record) continue;
    // as the core sees the record at now: stored times held to the policy's limits
    const seen = materialize(record, now, undefined, policy);
    if (seen.circuit.status === 'open')
      expect(seen.circuit.retryAt - now).toBeLessThanOrEqual(policy.maxCooldownMs);
    for (const t of seen.trials) expect(t.expiresAt - now).toBeLessThanOrEqual(policy.trialLeaseMs);
    const s = snapshotOf('p', seen, now);
    expect(STATUSES).toContain(s.status);
    expect(s.activeTrials).toBeLessThanOrEqual(policy.halfOpenMaxTrials);
    for (const k of [
      'failureCount',
      'successCount',
      'consecutiveFailures',
      'consecutiveSuccesses',
    ] as const) {
      expect(s[k]).toBeGreaterThanOrEqual(0);
    }
    expect(record.openCount).toBeGreaterThanOrEqual(0);
    // the stored generation never goes down; a derived one may, once the clock steps back
    // (read as half_open at t, as open again at an earlier t)
    expect(record.generation).toBeGreaterThanOrEqual(lastGen);
    expect(s.generation).toBeGreaterThanOrEqual(record.generation);
    lastGen = record.generation;
    if (policy.failureRate) expect(record.window.length).toBeLessThanOrEqual(policy.failureRate.window);
    if (model) {
      const view = model.peek(now);
      expect({
        status: s.status,
        trials: s.activeTrials,
        gen: s.generation,
        consec: s.consecutiveFailures,
        openCount: seen.openCount,
        retryAt: s.status === 'open' ? s.retryAt : null,
      }).toEqual({
        status: view.status,
        trials: view.trials.size,
        gen: view.gen,
        consec: view.consec,
        openCount: view.openCount,
        retryAt: view.status === 'open' ? view.retryAt : null,
      });
    }
  }
}

const policyArb = fc.record({
  failureThreshold: fc.integer({ min: 1, max: 4 }),
  successThreshold: fc.integer({ min: 1, max: 3 }),
  cooldownMs: fc.integer({ min: 0, max: 3_000 }),
  backoffFactor: fc.constantFrom(1, 1.5, 2),
  halfOpenMaxTrials: fc.integer({ min: 1, max: 3 }),
  trialLeaseMs: fc.integer({ min: 1, max: 3_000 }),
});

describe('transition: model-based properties (fake clock)', () => {
  it('agrees with the reference model and keeps every invariant', () => {
    fc.assert(
      fc.property(policyArb, cmdsArb, (input, cmds) => {
        const policy = resolvePolicy({ ...input, jitter: 0, maxCooldownMs: 8_000 });
        run(cmds, policy, Math.random, new Model(policy));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every invariant with jitter, failure-rate and slow-call rules (seeded random)', () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(
          fc.record({
            threshold: fc.double({ min: 0.1, max: 1, noNaN: true }),
            window: fc.integer({ min: 1, max: 8 }),
          }),
        ),
        fc.option(fc.integer({ min: 1, max: 300 })),
        fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })),
        cmdsArb,
        (input, jitter, rate, slowCallMs, randoms, cmds) => {
          const policy = resolvePolicy({
            ...input,
            jitter,
            maxCooldownMs: 8_000,
            slowCallMs,
            failureRate: rate && { ...rate, minimumCalls: Math.ceil(rate.window / 2) },
          });
          const it = randoms[Symbol.iterator]();
          run(cmds, policy, () => it.next().value as number, null);
        },
      ),
      { numRuns: 150 },
    );
  });
});
