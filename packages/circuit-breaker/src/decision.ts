import type { BreakerSnapshot } from './snapshot.js';

/** Outcome options: `durationMs` feeds the slow-call rule (default: measured from `acquire()`). */
export interface OutcomeOptions {
  durationMs?: number;
}

/**
 * Permission to make one call. Report exactly one outcome; the first report wins and any
 * later call on the same permit is a no-op (so `finally` blocks may report defensively).
 */
export interface Permit {
  readonly allowed: true;
  /** true when this call is a half-open trial holding a lease. */
  readonly trial: boolean;
  /** The generation the permit was granted in: results are judged against it. */
  readonly generation: number;
  /**
   * Failures in a row the breaker had recorded when it admitted this call: 0 for a healthy
   * circuit. A caller may spend more on diagnostics (say, capturing the error output) only
   * while a dependency is failing.
   */
  readonly consecutiveFailures: number;
  success(opts?: OutcomeOptions): Promise<void>;
  failure(error?: unknown, opts?: OutcomeOptions): Promise<void>;
  /** Neither success nor failure (e.g. a deliberate block): frees a trial slot without counting. */
  ignore(): Promise<void>;
}

/** Why a call was refused. */
export type RejectionReason = 'open' | 'forced_open' | 'half_open_full';

/** A refused call, returned as a value by `acquire()`. */
export interface Rejection {
  readonly allowed: false;
  readonly reason: RejectionReason;
  /** ms epoch when a call may be admitted again; null = until manually reset (forced without expiry). */
  readonly retryAt: number | null;
  readonly snapshot: BreakerSnapshot;
  /** e.g. `circuit-breaker: api is open after 3 consecutive failures (last error: ...); retry at <ISO>` */
  readonly message: string;
}

export type Decision = Permit | Rejection;
