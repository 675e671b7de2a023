import type { RejectionReason } from './decision.js';
import { describeError } from './errors.js';
import type { CoreEvent } from './events.js';
import { materialize } from './materialize.js';
import { type BreakerPolicy, cooldownFor } from './policy.js';
import { type BreakerRecord, emptyRecord, emptyStats } from './record.js';

/** What happened, as told to the pure core. */
export type TransitionEvent =
  /** Ask to make a call; `id` names the trial lease if one is taken, `owner` who holds it. */
  | { type: 'acquire'; id: string; owner: string }
  | { type: 'success'; trialId?: string | null; generation: number; durationMs?: number }
  | { type: 'failure'; trialId?: string | null; generation: number; durationMs?: number; error?: unknown }
  /** Neither success nor failure: only frees the trial slot. */
  | { type: 'ignore'; trialId?: string | null; generation: number }
  | { type: 'forceOpen'; until?: number | null; reason?: string | null }
  | { type: 'disable' }
  | { type: 'enable' }
  | { type: 'reset' };

/** The core's answer to `acquire`. */
export type CoreDecision =
  | { allowed: true; trial: boolean; generation: number; trialId: string | null }
  | { allowed: false; reason: RejectionReason; retryAt: number | null };

/**
 * The result of {@link transition}: the record to store (the very same object as the input
 * when nothing changed), the decision (only for `acquire`) and the events, in order.
 */
export interface TransitionResult {
  record: BreakerRecord;
  decision: CoreDecision | undefined;
  events: CoreEvent[];
}

/**
 * The pure breaker core: no I/O, no timers, no clock. First applies what time alone did by `now`
 * (open -> half_open at `retryAt`, forced_open -> closed at `until`, expired trial leases dropped),
 * then the event. `random` (values in [0, 1)) drives the cooldown jitter: inject a seeded one for
 * reproducible results. Never mutates `stored`.
 *
 * Outcomes are judged against the generation their permit was granted in: an outcome from an older
 * generation only updates the counters (failureCount, lastError, ...), never the circuit, the
 * consecutive counters or the failure-rate window.
 */
export function transition(
  stored: BreakerRecord | undefined,
  event: TransitionEvent,
  policy: BreakerPolicy,
  now: number,
  random: () => number = Math.random,
): TransitionResult {
  const events: CoreEvent[] = [];
  const record = materialize(stored ?? emptyRecord(now), now, events).record;
  switch (event.type) {
    case 'acquire':
      return acquire(record, event, policy, now, events);
    case 'success':
    case 'failure':
    case 'ignore':
      return { record: settle(record, event, policy, now, random, events), decision: undefined, events };
    default:
      return { record: manual(record, event, now, events), decision: undefined, events };
  }
}

function acquire(
  record: BreakerRecord,
  event: { id: string; owner: string },
  policy: BreakerPolicy,
  now: number,
  events: CoreEvent[],
): TransitionResult {
  const c = record.circuit;
  switch (c.status) {
    case 'closed':
    case 'disabled':
      return {
        record,
        decision: { allowed: true, trial: false, generation: record.generation, trialId: null },
        events,
      };
    case 'forced_open':
      return { record, decision: { allowed: false, reason: 'forced_open', retryAt: c.until }, events };
    case 'open':
      return { record, decision: { allowed: false, reason: 'open', retryAt: c.retryAt }, events };
    case 'half_open': {
      if (record.trials.length >= policy.halfOpenMaxTrials) {
        const retryAt = Math.min(...record.trials.map((t) => t.expiresAt));
        return { record, decision: { allowed: false, reason: 'half_open_full', retryAt }, events };
      }
      const lease = { id: event.id, owner: event.owner, expiresAt: now + policy.trialLeaseMs };
      events.push({
        type: 'trial_started',
        from: 'half_open',
        to: 'half_open',
        at: now,
        reason: `trial ${event.id} by ${event.owner}`,
      });
      return {
        record: { ...record, trials: [...record.trials, lease], updatedAt: now },
        decision: { allowed: true, trial: true, generation: record.generation, trialId: event.id },
        events,
      };
    }
  }
}

type Outcome = Extract<TransitionEvent, { type: 'success' | 'failure' | 'ignore' }>;

function settle(
  record: BreakerRecord,
  event: Outcome,
  policy: BreakerPolicy,
  now: number,
  random: () => number,
  events: CoreEvent[],
): BreakerRecord {
  const trialId = event.trialId;
  const trials =
    trialId != null && record.trials.some((t) => t.id === trialId)
      ? record.trials.filter((t) => t.id !== trialId)
      : record.trials;
  if (event.type === 'ignore')
    return trials === record.trials ? record : { ...record, trials, updatedAt: now };

  const slow =
    event.type === 'success' &&
    policy.slowCallMs !== undefined &&
    event.durationMs !== undefined &&
    event.durationMs > policy.slowCallMs;
  const failed = event.type === 'failure' || slow;
  const error = !failed
    ? null
    : slow
      ? `slow call: ${event.durationMs} ms > ${policy.slowCallMs} ms`
      : describeError((event as { error?: unknown }).error);
  const current = event.generation === record.generation;

  const s = record.stats;
  const stats = failed
    ? {
        ...s,
        failureCount: s.failureCount + 1,
        lastFailureAt: now,
        lastError: error,
        ...(current && {
          consecutiveFailures: s.consecutiveFailures + 1,
          consecutiveSuccesses: 0,
          firstFailureAt: s.consecutiveFailures === 0 ? now : s.firstFailureAt,
        }),
      }
    : {
        ...s,
        successCount: s.successCount + 1,
        lastSuccessAt: now,
        ...(current && {
          consecutiveFailures: 0,
          consecutiveSuccesses: s.consecutiveSuccesses + 1,
          firstFailureAt: null,
        }),
      };
  const rate = policy.failureRate;
  let window = record.window;
  if (current && rate) {
    window = [...window, failed ? 1 : 0];
    if (window.length > rate.window) window = window.slice(window.length - rate.window);
  }
  const lifetime = {
    executions: record.lifetime.executions + 1,
    failures: record.lifetime.failures + (failed ? 1 : 0),
  };
  const next: BreakerRecord = { ...record, trials, stats, window, lifetime, updatedAt: now };
  if (!current) return next;

  const c = next.circuit;
  if (c.status === 'closed' && failed) {
    if (stats.consecutiveFailures >= policy.failureThreshold) {
      return open(
        next,
        `${stats.consecutiveFailures} consecutive failures`,
        error,
        policy,
        now,
        random,
        events,
      );
    }
    if (rate && window.length >= rate.minimumCalls) {
      const failures = window.reduce((a, b) => a + b, 0);
      if (failures / window.length >= rate.threshold) {
        const pct = Math.round((failures / window.length) * 100);
        const why = `a failure rate of ${pct}% over the last ${window.length} calls`;
        return open(next, why, error, policy, now, random, events);
      }
    }
  } else if (c.status === 'half_open') {
    if (failed) return open(next, 'a failed trial', error, policy, now, random, events);
    const successes = c.successes + 1;
    if (successes < policy.successThreshold) return { ...next, circuit: { ...c, successes } };
    events.push({
      type: 'closed',
      from: 'half_open',
      to: 'closed',
      at: now,
      reason: `${successes} successful trial${successes === 1 ? '' : 's'}`,
    });
    return {
      ...next,
      circuit: { status: 'closed' },
      generation: next.generation + 1,
      trials: [],
      openCount: 0,
      window: [],
    };
  }
  return next;
}

function open(
  record: BreakerRecord,
  reason: string,
  error: string | null,
  policy: BreakerPolicy,
  now: number,
  random: () => number,
  events: CoreEvent[],
): BreakerRecord {
  const retryAt = now + cooldownFor(policy, record.openCount, random);
  events.push({
    type: 'opened',
    from: record.circuit.status,
    to: 'open',
    at: now,
    reason,
    ...(error !== null && { error }),
  });
  return {
    ...record,
    circuit: { status: 'open', openedAt: now, retryAt, reason },
    generation: record.generation + 1,
    trials: [],
    openCount: record.openCount + 1,
  };
}

type Manual = Extract<TransitionEvent, { type: 'forceOpen' | 'disable' | 'enable' | 'reset' }>;

function manual(record: BreakerRecord, event: Manual, now: number, events: CoreEvent[]): BreakerRecord {
  const from = record.circuit.status;
  const fresh = { trials: [], window: [], generation: record.generation + 1, updatedAt: now };
  const calm = { ...record.stats, consecutiveFailures: 0, consecutiveSuccesses: 0, firstFailureAt: null };
  switch (event.type) {
    case 'forceOpen': {
      const until = event.until ?? null;
      const reason = event.reason ?? null;
      events.push({
        type: 'forced_open',
        from,
        to: 'forced_open',
        at: now,
        ...(reason !== null && { reason }),
      });
      return {
        ...record,
        ...fresh,
        window: record.window,
        circuit: { status: 'forced_open', since: now, until, reason },
      };
    }
    case 'disable':
      if (from === 'disabled') return record;
      events.push({ type: 'disabled', from, to: 'disabled', at: now });
      return { ...record, ...fresh, window: record.window, circuit: { status: 'disabled', since: now } };
    case 'enable':
      if (from !== 'disabled') return record;
      events.push({ type: 'enabled', from, to: 'closed', at: now });
      return { ...record, ...fresh, circuit: { status: 'closed' }, openCount: 0, stats: calm };
    case 'reset':
      events.push({ type: 'reset', from, to: 'closed', at: now });
      return { ...record, ...fresh, circuit: { status: 'closed' }, openCount: 0, stats: emptyStats() };
  }
}
