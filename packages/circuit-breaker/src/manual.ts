import type { CoreEvent } from './events.js';
import { type BreakerRecord, emptyStats } from './record.js';
import type { TransitionEvent } from './transition.js';

/** A manual control command. */
export type Manual = Extract<
  TransitionEvent,
  { type: 'forceOpen' | 'disable' | 'enable' | 'halfOpen' | 'reset' }
>;

/**
 * Manual control. forceOpen: rejects until `until` (null = until reset). disable: admits and
 * records, never transitions. enable: disabled -> closed (no-op otherwise). halfOpen: open or
 * forced_open -> half_open with no trial successes yet (no-op otherwise, like enable); counters and
 * openCount are kept, so a failed trial re-opens with the next, longer cooldown. reset: closed with
 * cleared counters (lifetime kept). Each change bumps the generation and drops trial leases.
 */
export function manual(
  record: BreakerRecord,
  event: Manual,
  now: number,
  events: CoreEvent[],
): BreakerRecord {
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
    case 'halfOpen': {
      const c = record.circuit;
      if (c.status !== 'open' && c.status !== 'forced_open') return record;
      const openedAt = c.status === 'open' ? c.openedAt : c.since;
      events.push({ type: 'half_opened', from, to: 'half_open', at: now, reason: 'manual' });
      return {
        ...record,
        ...fresh,
        window: record.window,
        circuit: { status: 'half_open', openedAt, successes: 0 },
      };
    }
    case 'reset':
      events.push({ type: 'reset', from, to: 'closed', at: now });
      return { ...record, ...fresh, circuit: { status: 'closed' }, openCount: 0, stats: emptyStats() };
  }
}
