import type { Decision, Rejection } from './decision.js';
import { BreakerOpenError, InvalidOptionError } from './errors.js';
import { type CircuitBreakerOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { PermitHandle } from './permit.js';
import type { BreakerRecord } from './record.js';
import { rejectionMessage } from './rejection-message.js';
import { type BreakerSnapshot, snapshotOf } from './snapshot.js';
import type { UpdateFn } from './store.js';
import { type TransitionEvent, type TransitionResult, transition } from './transition.js';

let counter = 0;
const processTag = Math.random().toString(36).slice(2, 10);

/**
 * A circuit breaker whose state lives in a {@link BreakerStore}, so that many short-lived
 * processes share it. Two steps: `acquire()` returns a permit or a rejection (a value, never
 * thrown), then the permit reports `success()`, `failure(err)` or `ignore()`. `execute(fn)` does both.
 */
export class CircuitBreaker {
  readonly name: string;
  readonly #o: ResolvedOptions;

  constructor(options: CircuitBreakerOptions) {
    this.#o = resolveOptions(options);
    this.name = this.#o.name;
  }

  /** The validated policy in force. */
  get policy() {
    return this.#o.policy;
  }

  /** Asks for one call. Resolves to a {@link Permit} or a {@link Rejection}; rejects only on store errors. */
  async acquire(): Promise<Decision> {
    const now = this.#o.clock.now();
    return this.#acquireWith(await this.#apply(this.#acquireEvent(), now), now);
  }

  /**
   * Runs `fn` under the breaker: a rejection throws {@link BreakerOpenError} without calling `fn`;
   * a throw or rejection of `fn` is recorded as a failure and rethrown; otherwise a success
   * (a slow one counts as a failure when `slowCallMs` is set). A store error propagates.
   */
  execute<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.#o.store.updateSync) return this.#executeSync(fn);
    return this.#executeAsync(fn);
  }

  /** The current snapshot (derived: an open circuit past retryAt reads as half_open). */
  async status(): Promise<BreakerSnapshot> {
    return snapshotOf(this.name, await this.#o.store.get(this.name), this.#o.clock.now());
  }

  /** Rejects every call until `until` (ms epoch; omitted = until reset) with `reason`. Expires by itself. */
  async forceOpen(opts: { until?: number | null; reason?: string | null } = {}): Promise<void> {
    const { until, reason } = opts;
    if (until != null && !Number.isFinite(until)) {
      throw new InvalidOptionError('forceOpen until', 'a finite ms epoch or undefined', until);
    }
    if (reason != null && typeof reason !== 'string') {
      throw new InvalidOptionError('forceOpen reason', 'a string or undefined', reason);
    }
    await this.#apply({ type: 'forceOpen', until: until ?? null, reason: reason ?? null });
  }

  /** Stops guarding: every call is admitted and its outcome recorded, until `enable()` or `reset()`. */
  async disable(): Promise<void> {
    await this.#apply({ type: 'disable' });
  }

  /** Ends `disable()`: back to closed with fresh consecutive counters. No-op in any other status. */
  async enable(): Promise<void> {
    await this.#apply({ type: 'enable' });
  }

  /** Back to closed, counters cleared (lifetime totals kept), any force or disable lifted. */
  async reset(): Promise<void> {
    await this.#apply({ type: 'reset' });
  }

  /** @internal used by permits: records an outcome; `undefined` when done synchronously. */
  settle(
    type: 'success' | 'failure' | 'ignore',
    generation: number,
    trialId: string | null,
    acquiredAt: number,
    error: unknown,
    durationMs: number | undefined,
  ): Promise<void> | undefined {
    const now = this.#o.clock.now();
    const event: TransitionEvent = {
      type,
      generation,
      trialId,
      durationMs: durationMs ?? now - acquiredAt,
      error,
    };
    const store = this.#o.store;
    if (store.updateSync) {
      this.#emit(store.updateSync(this.name, this.#fn(event, now)));
      return undefined;
    }
    return this.#apply(event, now).then(() => undefined);
  }

  #acquireEvent(): TransitionEvent {
    return { type: 'acquire', id: `${processTag}-${++counter}`, owner: this.#o.owner };
  }

  #fn(event: TransitionEvent, now: number): UpdateFn<TransitionResult> {
    const { policy, random } = this.#o;
    return (current: BreakerRecord | undefined) => {
      const result = transition(current, event, policy, now, random);
      return { record: result.record, result };
    };
  }

  async #apply(event: TransitionEvent, now = this.#o.clock.now()): Promise<TransitionResult> {
    const result = await this.#o.store.update(this.name, this.#fn(event, now));
    this.#emit(result);
    return result;
  }

  #emit(result: TransitionResult): void {
    const onEvent = this.#o.onEvent;
    if (onEvent === undefined || result.events.length === 0) return;
    for (const e of result.events) {
      try {
        onEvent({ ...e, name: this.name });
      } catch {
        // a listener's bug must not break the breaker; the transition is already stored
      }
    }
  }

  #acquireWith(result: TransitionResult, now: number): Decision {
    const d = result.decision!;
    if (d.allowed) return new PermitHandle(this, d.generation, d.trialId, now);
    const snapshot = snapshotOf(this.name, result.record, now);
    const rejection: Rejection = {
      allowed: false,
      reason: d.reason,
      retryAt: d.retryAt,
      snapshot,
      message: rejectionMessage(this.name, d.reason, d.retryAt, result.record, this.#o.policy),
    };
    return rejection;
  }

  #executeSync<T>(fn: () => Promise<T> | T): Promise<T> {
    let permit: PermitHandle;
    try {
      const now = this.#o.clock.now();
      const result = this.#o.store.updateSync!(this.name, this.#fn(this.#acquireEvent(), now));
      this.#emit(result);
      const decision = this.#acquireWith(result, now);
      if (!decision.allowed) return Promise.reject(new BreakerOpenError(decision));
      permit = decision as PermitHandle;
    } catch (error) {
      return Promise.reject(error);
    }
    let value: Promise<T> | T;
    try {
      value = fn();
    } catch (error) {
      return permit.failure(error).then(() => Promise.reject(error));
    }
    if (value !== null && typeof (value as Promise<T>)?.then === 'function') {
      return (value as Promise<T>).then(
        (v) => permit.success().then(() => v),
        (error: unknown) => permit.failure(error).then(() => Promise.reject(error)),
      );
    }
    return permit.success().then(() => value as T);
  }

  async #executeAsync<T>(fn: () => Promise<T> | T): Promise<T> {
    const decision = await this.acquire();
    if (!decision.allowed) throw new BreakerOpenError(decision);
    let value: T;
    try {
      value = await fn();
    } catch (error) {
      await decision.failure(error);
      throw error;
    }
    await decision.success();
    return value;
  }
}
