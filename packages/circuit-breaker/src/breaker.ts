import type { Decision, Rejection } from './decision.js';
import { BreakerOpenError, InvalidOptionError } from './errors.js';
import { type CircuitBreakerOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { PermitHandle } from './permit.js';
import { MAX_DURATION_MS } from './policy.js';
import type { BreakerRecord } from './record.js';
import { rejectionMessage } from './rejection-message.js';
import { type BreakerSnapshot, snapshotOf } from './snapshot.js';
import type { StoreUpdate, UpdateFn } from './store.js';
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
  // sync-store fast path: one reusable update function reading the pending event (updateSync
  // runs it at once, so nothing interleaves), and one acquire event renewed after each trial
  #pending: TransitionEvent | undefined;
  #pendingNow = 0;
  readonly #updater: UpdateFn<TransitionResult>;
  #syncAcquire: TransitionEvent;
  readonly #outcome = {
    type: 'success' as 'success' | 'failure' | 'ignore',
    generation: 0,
    trialId: null as string | null,
    durationMs: 0,
    error: undefined as unknown,
  };

  constructor(options: CircuitBreakerOptions) {
    this.#o = resolveOptions(options);
    this.name = this.#o.name;
    const { policy, random } = this.#o;
    const out: StoreUpdate<TransitionResult> = { record: undefined, result: undefined as never };
    this.#updater = (current) => {
      const result = transition(current, this.#pending!, policy, this.#pendingNow, random);
      out.record = result.record;
      out.result = result;
      return out; // reused: a sync store reads it at once (see BreakerStore.updateSync)
    };
    this.#syncAcquire = this.#acquireEvent();
  }

  /** The validated policy in force. */
  get policy() {
    return this.#o.policy;
  }

  /** Asks for one call. Resolves to a {@link Permit} or a {@link Rejection}; rejects only on store errors. */
  acquire(): Promise<Decision> {
    const now = this.#o.clock.now();
    if (this.#o.store.updateSync) {
      try {
        const result = this.#sync(this.#syncAcquire, now);
        if (result.decision!.allowed && result.decision!.trial) this.#syncAcquire = this.#acquireEvent();
        this.#emit(result);
        return Promise.resolve(this.#acquireWith(result, now));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.#apply(this.#acquireEvent(), now).then((result) => this.#acquireWith(result, now));
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
    return snapshotOf(this.name, await this.#o.store.get(this.name), this.#o.clock.now(), this.#o.policy);
  }

  /**
   * Rejects every call until `until` (ms epoch, at most {@link MAX_DURATION_MS} (100 years) from
   * now; omitted = until reset) with `reason`. Expires by itself.
   */
  async forceOpen(opts: { until?: number | null; reason?: string | null } = {}): Promise<void> {
    const { until, reason } = opts;
    if (until != null) {
      const now = this.#o.clock.now();
      if (typeof until !== 'number' || !Number.isFinite(until) || Math.abs(until - now) > MAX_DURATION_MS) {
        throw new InvalidOptionError(
          'forceOpen until',
          `a finite ms epoch within 100 years (${MAX_DURATION_MS} ms) of now (${now}), or undefined`,
          until,
        );
      }
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

  /**
   * Manual recovery test: an open or forced-open breaker becomes half_open now, without waiting
   * for its cooldown (or its forced-open expiry). The next admitted call is the trial: its success
   * counts towards `successThreshold` (then closed), its failure re-opens the breaker with the next,
   * longer cooldown (openCount is kept). A no-op in any other status (closed, half_open, disabled),
   * like {@link CircuitBreaker.enable} outside disabled.
   */
  async halfOpen(): Promise<void> {
    await this.#apply({ type: 'halfOpen' });
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
    at?: number,
  ): Promise<void> | undefined {
    const now = at ?? this.#o.clock.now();
    const duration = durationMs ?? now - acquiredAt;
    if (this.#o.store.updateSync) {
      // reused event object: the core reads it synchronously and keeps no reference
      const e = this.#outcome;
      e.type = type;
      e.generation = generation;
      e.trialId = trialId;
      e.durationMs = duration;
      e.error = error;
      const result = this.#sync(e as TransitionEvent, now);
      e.error = undefined;
      this.#emit(result);
      return undefined;
    }
    const event = { type, generation, trialId, durationMs: duration, error } as TransitionEvent;
    return this.#apply(event, now).then(() => undefined);
  }

  #sync(event: TransitionEvent, now: number): TransitionResult {
    this.#pending = event;
    this.#pendingNow = now;
    return this.#o.store.updateSync!(this.name, this.#updater);
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
    if (d.allowed)
      return new PermitHandle(this, d.generation, d.trialId, now, result.record.stats.consecutiveFailures);
    const snapshot = snapshotOf(this.name, result.record, now, this.#o.policy);
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
    // no Permit object and no promise hop per step: the store updates synchronously
    let generation: number;
    let trialId: string | null;
    let acquiredAt: number;
    try {
      acquiredAt = this.#o.clock.now();
      const result = this.#sync(this.#syncAcquire, acquiredAt);
      const d = result.decision!;
      if (d.allowed && d.trial) this.#syncAcquire = this.#acquireEvent(); // its id is now a lease
      this.#emit(result);
      if (!d.allowed)
        return Promise.reject(new BreakerOpenError(this.#acquireWith(result, acquiredAt) as Rejection));
      generation = d.generation;
      trialId = d.trialId;
    } catch (error) {
      return Promise.reject(error);
    }
    let value: Promise<T> | T;
    try {
      value = fn();
    } catch (error) {
      return this.#settleThen('failure', generation, trialId, acquiredAt, error, undefined, error);
    }
    if (value !== null && typeof (value as Promise<T>)?.then === 'function') {
      return (value as Promise<T>).then(
        (v) => this.#settleThen('success', generation, trialId, acquiredAt, undefined, undefined, v),
        (error: unknown) =>
          this.#settleThen('failure', generation, trialId, acquiredAt, error, undefined, error),
      );
    }
    // fn returned synchronously: without a slow-call rule the outcome time is the acquire time
    // (one clock read per call instead of two; the clock is a measurable part of the cost)
    const at = this.#o.policy.slowCallMs === undefined ? acquiredAt : undefined;
    return this.#settleThen('success', generation, trialId, acquiredAt, undefined, at, value);
  }

  /** Records an outcome synchronously, then resolves to `value` (or rejects with `error` after a failure). */
  #settleThen<T>(
    type: 'success' | 'failure',
    generation: number,
    trialId: string | null,
    acquiredAt: number,
    error: unknown,
    at: number | undefined,
    value: unknown,
  ): Promise<T> {
    try {
      this.settle(type, generation, trialId, acquiredAt, error, undefined, at);
    } catch (storeError) {
      return Promise.reject(storeError);
    }
    return type === 'failure' ? Promise.reject(value) : Promise.resolve(value as T);
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
