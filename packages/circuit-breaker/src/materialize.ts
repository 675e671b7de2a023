import type { CoreEvent } from './events.js';
import type { BreakerPolicy } from './policy.js';
import type { BreakerRecord } from './record.js';

/** The policy limits {@link materialize} holds stored times to. */
export type TimeLimits = Pick<BreakerPolicy, 'maxCooldownMs' | 'trialLeaseMs'>;

/**
 * Applies the transitions that time alone causes, as of `now`: an open circuit past `retryAt`
 * becomes half_open, a forced_open past `until` becomes closed, expired trial leases are dropped.
 * Pure; returns the same object when nothing changed. Events are pushed to `events` when given.
 *
 * With `limits` (the policy), stored times are first held to what the policy allows from `now`:
 * a `retryAt` later than `now + maxCooldownMs` becomes `now + maxCooldownMs`, a lease expiring
 * after `now + trialLeaseMs` expires then. They are absolute wall-clock times, so a clock stepped
 * back (NTP, a VM restore) would otherwise stretch an open period or a lease by the step. An
 * operator's forced-open `until` is kept as chosen: the policy does not bound it.
 */
export function materialize(
  record: BreakerRecord,
  now: number,
  events: CoreEvent[] | undefined,
  limits?: TimeLimits,
): BreakerRecord {
  let c = record.circuit;
  // hot path: nothing time-dependent in a closed or disabled circuit without leases
  if (record.trials.length === 0 && (c.status === 'closed' || c.status === 'disabled')) return record;
  let r = record;
  if (limits !== undefined && c.status === 'open' && c.retryAt - now > limits.maxCooldownMs) {
    c = { ...c, retryAt: now + limits.maxCooldownMs };
    r = { ...r, circuit: c };
  }
  if (c.status === 'open' && now >= c.retryAt) {
    r = {
      ...r,
      circuit: { status: 'half_open', openedAt: c.openedAt, successes: 0 },
      generation: r.generation + 1,
      trials: [],
    };
    events?.push({
      type: 'half_opened',
      from: 'open',
      to: 'half_open',
      at: c.retryAt,
      reason: 'cooldown elapsed',
    });
  } else if (c.status === 'forced_open' && c.until !== null && now >= c.until) {
    r = {
      ...r,
      circuit: { status: 'closed' },
      generation: r.generation + 1,
      trials: [],
      openCount: 0,
      window: [],
      stats: { ...r.stats, consecutiveFailures: 0, consecutiveSuccesses: 0, firstFailureAt: null },
    };
    events?.push({
      type: 'closed',
      from: 'forced_open',
      to: 'closed',
      at: c.until,
      reason: 'forced open expired',
    });
  }
  if (r.trials.length > 0) {
    let expired = false;
    for (const t of r.trials) if (t.expiresAt <= now) expired = true;
    if (expired) {
      const status = r.circuit.status;
      const kept = r.trials.filter((t) => {
        if (t.expiresAt > now) return true;
        events?.push({
          type: 'trial_expired',
          from: status,
          to: status,
          at: t.expiresAt,
          reason: `lease ${t.id} of ${t.owner} expired`,
        });
        return false;
      });
      r = { ...r, trials: kept };
    }
    if (limits !== undefined) {
      const latest = now + limits.trialLeaseMs;
      if (r.trials.some((t) => t.expiresAt > latest)) {
        r = { ...r, trials: r.trials.map((t) => (t.expiresAt > latest ? { ...t, expiresAt: latest } : t)) };
      }
    }
  }
  return r;
}
