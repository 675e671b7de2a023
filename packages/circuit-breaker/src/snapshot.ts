import { materialize, type TimeLimits } from './materialize.js';
import type { BreakerRecord } from './record.js';

export type CircuitStatus = 'closed' | 'open' | 'half_open' | 'forced_open' | 'disabled';

/** What status and health show; derived at `now` (an open circuit past `retryAt` reads as half_open). */
export interface BreakerSnapshot {
  name: string;
  status: CircuitStatus;
  failureCount: number;
  successCount: number;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  firstFailureAt: number | null;
  lastFailureAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  /** When the circuit last opened (open / half_open), or was forced open. */
  openedAt: number | null;
  /** open: when it turns half-open; forced_open: when it expires (null = never); else null. */
  retryAt: number | null;
  activeTrials: number;
  forcedReason: string | null;
  generation: number;
}

/**
 * The snapshot of `record` (or of a never-used breaker) as seen at `now`; with `limits` (a
 * policy), its open period and leases held to the policy's caps as the next call would.
 */
export function snapshotOf(
  name: string,
  stored: BreakerRecord | undefined,
  now: number,
  limits?: TimeLimits,
): BreakerSnapshot {
  const record = stored === undefined ? undefined : materialize(stored, now, undefined, limits);
  const c = record?.circuit ?? { status: 'closed' as const };
  const s = record?.stats;
  return {
    name,
    status: c.status,
    failureCount: s?.failureCount ?? 0,
    successCount: s?.successCount ?? 0,
    consecutiveFailures: s?.consecutiveFailures ?? 0,
    consecutiveSuccesses: s?.consecutiveSuccesses ?? 0,
    firstFailureAt: s?.firstFailureAt ?? null,
    lastFailureAt: s?.lastFailureAt ?? null,
    lastSuccessAt: s?.lastSuccessAt ?? null,
    lastError: s?.lastError ?? null,
    openedAt:
      c.status === 'open' || c.status === 'half_open'
        ? c.openedAt
        : c.status === 'forced_open'
          ? c.since
          : null,
    retryAt: c.status === 'open' ? c.retryAt : c.status === 'forced_open' ? c.until : null,
    activeTrials: record?.trials.length ?? 0,
    forcedReason: c.status === 'forced_open' ? c.reason : null,
    generation: record?.generation ?? 0,
  };
}
