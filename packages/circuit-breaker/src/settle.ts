import { capCount } from './count-cap.js';
import { describeError } from './errors.js';
import type { CoreEvent } from './events.js';
import { type BreakerPolicy, cooldownFor } from './policy.js';
import type { BreakerRecord, BreakerStats } from './record.js';
import type { TransitionEvent } from './transition.js';

/** An outcome reported by a permit. */
export type Outcome = Extract<TransitionEvent, { type: 'success' | 'failure' | 'ignore' }>;

/** Records an outcome (see `transition` for the generation rule). Pure. */
export function settle(
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
  // explicit literals (no conditional spreads): this is the per-call hot path, keep shapes stable
  const stats: BreakerStats = {
    failureCount: failed ? inc(s.failureCount) : s.failureCount,
    successCount: failed ? s.successCount : inc(s.successCount),
    consecutiveFailures: !current ? s.consecutiveFailures : failed ? inc(s.consecutiveFailures) : 0,
    consecutiveSuccesses: !current ? s.consecutiveSuccesses : failed ? 0 : inc(s.consecutiveSuccesses),
    firstFailureAt: !current
      ? s.firstFailureAt
      : !failed
        ? null
        : s.consecutiveFailures === 0
          ? now
          : s.firstFailureAt,
    lastFailureAt: failed ? now : s.lastFailureAt,
    lastSuccessAt: failed ? s.lastSuccessAt : now,
    lastError: failed ? error : s.lastError,
  };
  const rate = policy.failureRate;
  let window = record.window;
  if (current && rate) {
    window = [...window, failed ? 1 : 0];
    if (window.length > rate.window) window = window.slice(window.length - rate.window);
  }
  const lifetime = {
    executions: inc(record.lifetime.executions),
    failures: failed ? inc(record.lifetime.failures) : record.lifetime.failures,
  };
  const next: BreakerRecord = {
    circuit: record.circuit,
    generation: record.generation,
    trials,
    openCount: record.openCount,
    stats,
    window,
    lifetime,
    updatedAt: now,
  };
  if (!current) return next;

  const c = next.circuit;
  if (c.status === 'closed' && failed) {
    if (stats.consecutiveFailures >= policy.failureThreshold) {
      return open(
        next,
        counted(stats.consecutiveFailures, 'consecutive failure'),
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
        const why = `a failure rate of ${pct}% over the last ${counted(window.length, 'call')}`;
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
      reason: counted(successes, 'successful trial'),
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

/** `1 call`, `3 calls`: a count with its noun, plural unless it is one. */
function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A counter plus one, held at the cap (see count-cap.ts). */
function inc(n: number): number {
  return capCount(n + 1);
}
