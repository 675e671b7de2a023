/** Part of the store compliance suite: the CircuitBreaker end to end over a store (see store-compliance.ts). */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import type { Permit } from './decision.js';
import type { BreakerEvent } from './events.js';
import { healthReport } from './health.js';
import type { BreakerPolicyInput } from './policy.js';
import type { BreakerStore } from './store.js';

/** Registers the end-to-end tests; `open()` gives a fresh store that the caller cleans up. */
export function runBreakerCompliance(open: () => Promise<BreakerStore>): void {
  describe('CircuitBreaker over this store', () => {
    const T0 = 1_700_000_000_000;
    const policy: BreakerPolicyInput = {
      failureThreshold: 3,
      successThreshold: 2,
      cooldownMs: 1_000,
      backoffFactor: 2,
      jitter: 0,
      halfOpenMaxTrials: 2,
      trialLeaseMs: 500,
    };
    const setup = async () => {
      const store = await open();
      const clock = { t: T0, now: () => clock.t };
      const events: BreakerEvent[] = [];
      // each breaker instance stands for another process sharing the store
      const breaker = (owner = 'p1') =>
        new CircuitBreaker({ name: 'svc', store, policy, clock, owner, onEvent: (e) => events.push(e) });
      return { store, clock, events, breaker };
    };
    const fail = () => Promise.reject(new Error('boom'));
    const openIt = async (b: CircuitBreaker) => {
      for (let i = 0; i < 3; i++) await expect(b.execute(fail)).rejects.toThrow('boom');
    };

    it('opens after the threshold, rejects, and every instance sees it', async () => {
      const { clock, events, breaker } = await setup();
      const a = breaker('p1');
      await expect(a.execute(() => 'ok')).resolves.toBe('ok');
      await openIt(a);
      const d = await breaker('p2').acquire();
      expect(d.allowed).toBe(false);
      if (d.allowed) return;
      expect(d.reason).toBe('open');
      expect(d.retryAt).toBe(clock.t + 1_000);
      expect(d.message).toMatch(
        /^circuit-breaker: svc is open after 3 consecutive failures \(last error: boom\)/,
      );
      await expect(a.execute(() => 'never')).rejects.toMatchObject({ code: 'EBREAKEROPEN' });
      const s = await breaker('p3').status();
      expect(s).toMatchObject({ status: 'open', failureCount: 3, successCount: 1, consecutiveFailures: 3 });
      expect(events.map((e) => e.type)).toEqual(['opened']);
    });

    it('reads half_open after the cooldown, admits at most halfOpenMaxTrials concurrent trials, closes after successes', async () => {
      const { clock, breaker } = await setup();
      await openIt(breaker());
      clock.t += 999;
      expect((await breaker().acquire()).allowed).toBe(false);
      clock.t += 1;
      expect((await breaker().status()).status).toBe('half_open');
      const decisions = await Promise.all(Array.from({ length: 6 }, (_, i) => breaker(`p${i}`).acquire()));
      const permits = decisions.filter((d): d is Permit => d.allowed);
      expect(permits).toHaveLength(2);
      expect(permits.every((p) => p.trial)).toBe(true);
      const rejected = decisions.filter((d) => !d.allowed);
      expect(rejected.map((d) => !d.allowed && d.reason)).toEqual(Array(4).fill('half_open_full'));
      expect((await breaker().status()).activeTrials).toBe(2);
      await permits[0]!.success();
      expect((await breaker().status()).status).toBe('half_open');
      await permits[1]!.success();
      const s = await breaker().status();
      expect(s).toMatchObject({ status: 'closed', activeTrials: 0, consecutiveSuccesses: 2 });
    });

    it('re-opens on a failed trial with a cooldown grown by backoffFactor', async () => {
      const { clock, breaker } = await setup();
      await openIt(breaker());
      clock.t += 1_000;
      const trial = await breaker().acquire();
      expect(trial.allowed && trial.trial).toBe(true);
      if (trial.allowed) await trial.failure(new Error('still down'));
      const s = await breaker().status();
      expect(s.status).toBe('open');
      expect(s.retryAt).toBe(clock.t + 2_000);
      expect(s.lastError).toBe('still down');
    });

    it('frees the slot of a trial whose lease expired (its process died)', async () => {
      const { clock, breaker, events } = await setup();
      await openIt(breaker());
      clock.t += 1_000;
      const [x, y] = [await breaker('dead1').acquire(), await breaker('dead2').acquire()];
      expect(x.allowed && y.allowed).toBe(true);
      clock.t += 499;
      expect(await breaker('p9').acquire()).toMatchObject({ allowed: false, reason: 'half_open_full' });
      clock.t += 1;
      const later = await breaker('p9').acquire();
      expect(later).toMatchObject({ allowed: true, trial: true });
      expect(events.filter((e) => e.type === 'trial_expired')).toHaveLength(2);
    });

    it('frees a trial slot on ignore() without counting it', async () => {
      const { clock, breaker } = await setup();
      await openIt(breaker());
      clock.t += 1_000;
      const held = await Promise.all([breaker('a').acquire(), breaker('b').acquire()]);
      for (const p of held) if (p.allowed) await p.ignore();
      const s = await breaker().status();
      expect(s).toMatchObject({ status: 'half_open', activeTrials: 0, successCount: 0, failureCount: 3 });
      expect((await breaker('c').acquire()).allowed).toBe(true);
    });

    it('persists forceOpen (expiring at until), disable, enable and reset', async () => {
      const { clock, breaker } = await setup();
      await breaker('admin').forceOpen({ until: clock.t + 5_000, reason: 'maintenance' });
      const d = await breaker('p2').acquire();
      expect(d).toMatchObject({ allowed: false, reason: 'forced_open', retryAt: clock.t + 5_000 });
      expect((await breaker('p2').status()).forcedReason).toBe('maintenance');
      clock.t += 5_000;
      expect((await breaker('p2').status()).status).toBe('closed');

      await breaker('admin').disable();
      await openIt(breaker('p2'));
      expect(await breaker('p3').status()).toMatchObject({ status: 'disabled', consecutiveFailures: 3 });
      expect((await breaker('p3').acquire()).allowed).toBe(true);
      await breaker('admin').enable();
      expect(await breaker('p3').status()).toMatchObject({ status: 'closed', consecutiveFailures: 0 });

      await breaker('admin').forceOpen();
      expect(await breaker('p2').acquire()).toMatchObject({ allowed: false, retryAt: null });
      await breaker('admin').reset();
      expect(await breaker('p2').status()).toMatchObject({
        status: 'closed',
        failureCount: 0,
        successCount: 0,
      });
    });

    it('persists halfOpen: open or forced_open -> half_open at once; the next call is the trial', async () => {
      const { clock, breaker, events } = await setup();
      await openIt(breaker());
      await breaker('admin').halfOpen();
      expect(await breaker('p2').status()).toMatchObject({ status: 'half_open', retryAt: null });
      expect(events.at(-1)).toMatchObject({ type: 'half_opened', from: 'open', reason: 'manual' });
      const trial = await breaker('p2').acquire();
      expect(trial).toMatchObject({ allowed: true, trial: true });
      if (trial.allowed) await trial.failure(new Error('still down'));
      // re-opened with the next, longer cooldown (openCount kept): 1_000 * 2
      expect(await breaker('p3').status()).toMatchObject({ status: 'open', retryAt: clock.t + 2_000 });

      await breaker('admin').halfOpen();
      for (const owner of ['p4', 'p5']) {
        const permit = await breaker(owner).acquire();
        expect(permit).toMatchObject({ allowed: true, trial: true });
        if (permit.allowed) await permit.success();
      }
      expect((await breaker('p6').status()).status).toBe('closed');

      await breaker('admin').forceOpen({ reason: 'maintenance' });
      await breaker('admin').halfOpen();
      expect((await breaker('p7').status()).status).toBe('half_open');

      // a no-op in closed, half_open and disabled, like enable outside disabled
      const before = (await breaker('p7').status()).generation;
      await breaker('admin').halfOpen();
      expect((await breaker('p7').status()).generation).toBe(before);
      await breaker('admin').reset();
      await breaker('admin').halfOpen();
      expect((await breaker('p7').status()).status).toBe('closed');
      await breaker('admin').disable();
      await breaker('admin').halfOpen();
      expect((await breaker('p7').status()).status).toBe('disabled');
    });

    it('keeps lifetime totals across reset and reports them in healthReport', async () => {
      const { clock, breaker, store } = await setup();
      await openIt(breaker());
      await breaker().reset();
      await new CircuitBreaker({ name: 'other', store, clock }).execute(() => 1);
      const report = await healthReport(store, { clock });
      expect(report.breakers.map((b) => b.name)).toEqual(['other', 'svc']);
      expect(report.totals).toMatchObject({
        totalExecutions: 4,
        totalFailures: 3,
        open: 0,
        lastUpdated: clock.t,
      });
    });

    it('counts each status in healthReport totals', async () => {
      const { clock, store } = await setup();
      const make = (name: string) => new CircuitBreaker({ name, store, clock, policy });
      // a different number of breakers per status, so that no two counts can be swapped unseen
      const count = { open: 1, halfOpen: 2, forcedOpen: 3, disabled: 4 };
      await make('closed').execute(() => 'ok');
      for (let i = 0; i < count.open; i++) await openIt(make(`open-${i}`));
      for (let i = 0; i < count.halfOpen; i++) {
        const b = make(`half-open-${i}`);
        await openIt(b);
        await b.halfOpen();
      }
      for (let i = 0; i < count.forcedOpen; i++) await make(`forced-${i}`).forceOpen({ reason: 'deploy' });
      for (let i = 0; i < count.disabled; i++) {
        const b = make(`disabled-${i}`);
        await b.disable();
        await openIt(b); // still disabled: outcomes are recorded, never acted on
      }
      const report = await healthReport(store, { clock });
      const statuses = Object.fromEntries(report.breakers.map((b) => [b.name, b.status]));
      expect(statuses).toMatchObject({ closed: 'closed', 'open-0': 'open', 'half-open-1': 'half_open' });
      expect(statuses).toMatchObject({ 'forced-2': 'forced_open', 'disabled-3': 'disabled' });
      const failures = 3 * (count.open + count.halfOpen + count.disabled);
      expect(report.totals).toEqual({
        totalExecutions: 1 + failures,
        totalFailures: failures,
        ...count,
        lastUpdated: clock.t,
      });
    });
  });
}
