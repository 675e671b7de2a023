export { CircuitBreaker } from './breaker.js';
export { type Clock, systemClock } from './clock.js';
export type { Decision, OutcomeOptions, Permit, Rejection, RejectionReason } from './decision.js';
export {
  BreakerOpenError,
  InvalidOptionError,
  InvalidPolicyError,
  InvalidRecordError,
  StoreUnavailableError,
} from './errors.js';
export type { BreakerEvent, BreakerEventType, CoreEvent } from './events.js';
export { FileStore, type FileStoreOptions } from './file-store.js';
export { type HealthReport, healthReport } from './health.js';
export { materialize } from './materialize.js';
export { MemoryStore } from './memory-store.js';
export type { CircuitBreakerOptions } from './options.js';
export {
  type BreakerPolicy,
  type BreakerPolicyInput,
  cooldownFor,
  defaultPolicy,
  type FailureRatePolicy,
  resolvePolicy,
} from './policy.js';
export {
  type BreakerLifetime,
  type BreakerRecord,
  type BreakerStats,
  breakerRecordSchema,
  type CircuitState,
  emptyRecord,
  emptyStats,
  parseRecord,
  type TrialLease,
  totalsOf,
} from './record.js';
export { type BreakerSnapshot, type CircuitStatus, snapshotOf } from './snapshot.js';
export type { BreakerStore, StoreTotals, StoreUpdate, UpdateFn } from './store.js';
export {
  type CoreDecision,
  type TransitionEvent,
  type TransitionResult,
  transition,
} from './transition.js';
