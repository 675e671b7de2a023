import type { CircuitStatus } from './snapshot.js';

/** Kinds of {@link BreakerEvent}. */
export type BreakerEventType =
  | 'opened'
  | 'half_opened'
  | 'closed'
  | 'forced_open'
  | 'disabled'
  | 'enabled'
  | 'reset'
  | 'trial_started'
  | 'trial_expired';

/** One transition, passed to `onEvent`. `at` is when it logically happened (e.g. `retryAt` for `half_opened`). */
export interface BreakerEvent {
  type: BreakerEventType;
  name: string;
  from: CircuitStatus;
  to: CircuitStatus;
  at: number;
  /** Why, e.g. `3 consecutive failures`, `trial failed`, a forceOpen reason, `lease expired`. */
  reason?: string;
  /** The error text of the failure that caused it, if any. */
  error?: string;
}

/** A {@link BreakerEvent} as the pure core emits it: without the breaker name, which the core does not know. */
export type CoreEvent = Omit<BreakerEvent, 'name'>;
