import type { RejectionReason } from './decision.js';
import type { CoreEvent } from './events.js';
import { manual } from './manual.js';
import { materialize } from './materialize.js';
import type { BreakerPolicy } from './policy.js';
import { type BreakerRecord, emptyRecord } from './record.js';
import { settle } from './settle.js';

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
  /**
   * Manual recovery test: open or forced_open -> half_open at once (the cooldown or the force is
   * cut short); the next admitted call is the trial. A no-op in any other status.
   */
  | { type: 'halfOpen' }
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
  events: readonly CoreEvent[];
}

const NO_EVENTS: readonly CoreEvent[] = Object.freeze([]);
// events are collected here (transition is synchronous and never re-entered) and copied out only
// when there are some: most calls emit none, and this is the per-call hot path
const scratch: CoreEvent[] = [];
const takeEvents = (): readonly CoreEvent[] => (scratch.length === 0 ? NO_EVENTS : scratch.splice(0));

/**
 * The pure breaker core: no I/O, no timers, no clock. First applies what time alone did by `now`
 * (open -> half_open at `retryAt`, forced_open -> closed at `until`, expired trial leases dropped;
 * a `retryAt` or lease expiry further from `now` than `maxCooldownMs` / `trialLeaseMs`, as after
 * the wall clock stepped back, is brought back to that limit), then the event. `random` (values in [0, 1)) drives the cooldown jitter: inject a seeded one for
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
  if (event.type === 'acquire' && stored !== undefined && stored.trials.length === 0) {
    // hot path: a closed (or disabled) circuit admits without any change or event
    const status = stored.circuit.status;
    if (status === 'closed' || status === 'disabled') {
      const decision = { allowed: true as const, trial: false, generation: stored.generation, trialId: null };
      return { record: stored, decision, events: NO_EVENTS };
    }
  }
  if (scratch.length !== 0) scratch.length = 0; // (only after a throw mid-transition)
  const record = materialize(stored ?? emptyRecord(now), now, scratch, policy);
  switch (event.type) {
    case 'acquire': {
      const result = acquire(record, event, policy, now, scratch);
      result.events = takeEvents();
      return result;
    }
    case 'success':
    case 'failure':
    case 'ignore': {
      const next = settle(record, event, policy, now, random, scratch);
      return { record: next, decision: undefined, events: takeEvents() };
    }
    default: {
      const next = manual(record, event, now, scratch);
      return { record: next, decision: undefined, events: takeEvents() };
    }
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
