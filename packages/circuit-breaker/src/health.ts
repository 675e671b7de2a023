import { type Clock, systemClock } from './clock.js';
import { type BreakerSnapshot, snapshotOf } from './snapshot.js';
import type { BreakerStore } from './store.js';

/** seed 000's `get_health_report()`: every breaker's snapshot and global totals. */
export interface HealthReport {
  /** Sorted by name; statuses derived at the report's time. */
  breakers: BreakerSnapshot[];
  totals: {
    totalExecutions: number;
    totalFailures: number;
    /** Breakers reading as open (not yet due for a trial). */
    open: number;
    halfOpen: number;
    forcedOpen: number;
    disabled: number;
    lastUpdated: number | null;
  };
}

/** Reads every record of `store` once and reports them as of `clock.now()`. */
export async function healthReport(store: BreakerStore, opts: { clock?: Clock } = {}): Promise<HealthReport> {
  const [entries, totals] = await Promise.all([store.list(), store.totals()]);
  const now = (opts.clock ?? systemClock).now();
  const breakers = entries.map(([name, record]) => snapshotOf(name, record, now));
  const count = (status: BreakerSnapshot['status']) => breakers.filter((b) => b.status === status).length;
  return {
    breakers,
    totals: {
      totalExecutions: totals.totalExecutions,
      totalFailures: totals.totalFailures,
      open: count('open'),
      halfOpen: count('half_open'),
      forcedOpen: count('forced_open'),
      disabled: count('disabled'),
      lastUpdated: totals.lastUpdated,
    },
  };
}
