import * as z from 'zod/mini';
import { InvalidRecordError } from './errors.js';

/**
 * A half-open trial slot, held by one permit until it reports or until `expiresAt`
 * (then the slot is free again: a crashed trial cannot keep the circuit half-open).
 */
export interface TrialLease {
  /** Unique per permit. */
  id: string;
  /** Who holds it, e.g. `${hostname}:${pid}`. */
  owner: string;
  /** ms epoch; past it the lease is ignored and dropped on the next write. */
  expiresAt: number;
}

/**
 * The stored circuit. `open` reads as `half_open` once `now >= retryAt` and a
 * `forced_open` with `until` reads as `closed` once `now >= until`: derived when read, no timer.
 */
export type CircuitState =
  | { status: 'closed' }
  | { status: 'open'; openedAt: number; retryAt: number; reason?: string }
  | { status: 'half_open'; openedAt: number; successes: number }
  | { status: 'forced_open'; since: number; until: number | null; reason: string | null }
  | { status: 'disabled'; since: number };

/** Counters shown in snapshots. `reset()` clears them. */
export interface BreakerStats {
  failureCount: number;
  successCount: number;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** First failure of the current failure streak (cleared by a success). */
  firstFailureAt: number | null;
  lastFailureAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
}

/** Lifetime counters; `reset()` keeps them. Stores sum them for `totals()`. */
export interface BreakerLifetime {
  /** Outcomes recorded (successes + failures; ignored calls and rejections are not counted). */
  executions: number;
  failures: number;
}

/** What a store persists per breaker name. */
export interface BreakerRecord {
  circuit: CircuitState;
  /** +1 on every status change (and on reset); a permit carries the generation it was granted in. */
  generation: number;
  /** Active half-open trial leases. */
  trials: TrialLease[];
  /** Opens since the last close: drives the cooldown backoff. */
  openCount: number;
  stats: BreakerStats;
  /** Last outcomes for the failure-rate rule: 1 = failure, 0 = success (at most `failureRate.window`). */
  window: number[];
  lifetime: BreakerLifetime;
  /** ms epoch of the last write. */
  updatedAt: number;
}

/** Fresh stats, as after `reset()`. */
export function emptyStats(): BreakerStats {
  return {
    failureCount: 0,
    successCount: 0,
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    firstFailureAt: null,
    lastFailureAt: null,
    lastSuccessAt: null,
    lastError: null,
  };
}

/** The record of a breaker that has never been used. */
export function emptyRecord(now: number): BreakerRecord {
  return {
    circuit: { status: 'closed' },
    generation: 0,
    trials: [],
    openCount: 0,
    stats: emptyStats(),
    window: [],
    lifetime: { executions: 0, failures: 0 },
    updatedAt: now,
  };
}

function buildRecordSchema() {
  const count = z.int().check(z.nonnegative());
  const time = z.number();
  const nullableTime = z.nullable(time);
  return z.object({
    circuit: z.discriminatedUnion('status', [
      z.object({ status: z.literal('closed') }),
      z.object({ status: z.literal('open'), openedAt: time, retryAt: time, reason: z.optional(z.string()) }),
      z.object({ status: z.literal('half_open'), openedAt: time, successes: count }),
      z.object({
        status: z.literal('forced_open'),
        since: time,
        until: nullableTime,
        reason: z.nullable(z.string()),
      }),
      z.object({ status: z.literal('disabled'), since: time }),
    ]),
    generation: count,
    trials: z.array(z.object({ id: z.string(), owner: z.string(), expiresAt: time })),
    openCount: count,
    stats: z.object({
      failureCount: count,
      successCount: count,
      consecutiveFailures: count,
      consecutiveSuccesses: count,
      firstFailureAt: nullableTime,
      lastFailureAt: nullableTime,
      lastSuccessAt: nullableTime,
      lastError: z.nullable(z.string()),
    }),
    window: z.array(z.union([z.literal(0), z.literal(1)])),
    lifetime: z._default(z.object({ executions: count, failures: count }), { executions: 0, failures: 0 }),
    updatedAt: time,
  });
}

/**
 * zod schema of {@link BreakerRecord}, for stores that read records from outside the process.
 * A `z.lazy` schema: the object schema inside is built on the first parse, not at import.
 * Marked pure, so a bundle that never uses it drops it (and zod, if nothing else uses it).
 */
export const breakerRecordSchema = /* @__PURE__ */ z.lazy(buildRecordSchema);

/** Validates a record read from outside (JSON file, Redis): throws {@link InvalidRecordError}. */
export function parseRecord(raw: unknown, breaker: string): BreakerRecord {
  const parsed = breakerRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidRecordError(breaker, issues, { cause: parsed.error });
  }
  return parsed.data as BreakerRecord;
}

/** Store totals from its records: every store's `totals()` can be this over `list()`. */
export function totalsOf(records: Iterable<BreakerRecord>): {
  totalExecutions: number;
  totalFailures: number;
  lastUpdated: number | null;
} {
  let totalExecutions = 0;
  let totalFailures = 0;
  let lastUpdated: number | null = null;
  for (const r of records) {
    totalExecutions += r.lifetime.executions;
    totalFailures += r.lifetime.failures;
    if (lastUpdated === null || r.updatedAt > lastUpdated) lastUpdated = r.updatedAt;
  }
  return { totalExecutions, totalFailures, lastUpdated };
}
