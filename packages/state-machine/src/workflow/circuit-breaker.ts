import { type Actor, defineMachine, type Machine } from '../define-machine.js';
import { InvalidOptionError } from '../errors.js';
import type { EventObject } from '../types.js';
import { numberField } from './payload.js';

/*
 * This is seed 002's circuit-breaker lifecycle as a typed machine, for documentation, diagrams
 * and audit logs. It keeps no lease, no jitter and nothing across processes: to protect real
 * calls use the persisted breaker of `@steadystate/circuit-breaker` (file and Redis stores,
 * half-open trial leases, exponential cooldown).
 */

/** States of the breaker (seed 002, SSOT §2.4). None is terminal. */
export type BreakerState = 'CLOSED' | 'OPEN' | 'HALF_OPEN';
/** Events the breaker accepts. */
export type BreakerEvent = 'SUCCESS' | 'FAILURE' | 'TRIP' | 'PROBE' | 'RESET';

/** What the breaker tracks. */
export interface BreakerContext {
  /** Consecutive failures while CLOSED. */
  readonly failures: number;
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  /** When it last opened (epoch ms), else `null`. */
  readonly openedAt: number | null;
}

/** Options of {@link defineCircuitBreakerMachine}. */
export interface BreakerOptions {
  /**
   * Consecutive failures that allow `TRIP` (positive integer).
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Time OPEN before `PROBE` is allowed (non-negative milliseconds).
   * @default 300000
   */
  readonly cooldownMs?: number;
}

/** Normalises {@link BreakerOptions} into the initial context. */
export function initialBreakerContext(options: BreakerOptions = {}): BreakerContext {
  const failureThreshold = options.failureThreshold ?? 3;
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1) {
    throw new InvalidOptionError('failureThreshold', 'a positive integer', failureThreshold);
  }
  const cooldownMs = options.cooldownMs ?? 300_000;
  if (typeof cooldownMs !== 'number' || !(cooldownMs >= 0) || !Number.isFinite(cooldownMs)) {
    throw new InvalidOptionError('cooldownMs', 'a non-negative finite number of milliseconds', cooldownMs);
  }
  return { failures: 0, failureThreshold, cooldownMs, openedAt: null };
}

const hasNow = (_ctx: BreakerContext, ev: EventObject) => numberField(ev, 'now') !== undefined;
const open = (ctx: BreakerContext, ev: EventObject): BreakerContext => ({
  ...ctx,
  failures: 0,
  openedAt: numberField(ev, 'now') ?? null,
});
const close = (ctx: BreakerContext): BreakerContext => ({ ...ctx, failures: 0, openedAt: null });

/**
 * A circuit-breaker machine with the given threshold and cooldown (seed 002 §2.4).
 *
 * | from      | event   | to        | guard / effect                                                         |
 * |-----------|---------|-----------|------------------------------------------------------------------------|
 * | CLOSED    | SUCCESS | CLOSED    | resets the failure count                                               |
 * | CLOSED    | FAILURE | CLOSED    | counts a failure                                                       |
 * | CLOSED    | TRIP    | OPEN      | `now` given; failures reached the threshold, or `force: true` (manual) |
 * | OPEN      | PROBE   | HALF_OPEN | `now` at least `cooldownMs` after opening                              |
 * | OPEN      | RESET   | CLOSED    | manual override                                                        |
 * | HALF_OPEN | SUCCESS | CLOSED    | the trial call succeeded                                               |
 * | HALF_OPEN | FAILURE | OPEN      | `now` given: the trial call failed, the cooldown restarts              |
 * | HALF_OPEN | RESET   | CLOSED    | manual override                                                        |
 *
 * 3 states, 8 transitions (the seed's 4 state changes TRIP, PROBE, trial success and trial
 * failure, plus counting in CLOSED and the manual reset). After a `FAILURE` in CLOSED, send `TRIP`
 * when `actor.can({ type: 'TRIP', now })`.
 */
export function defineCircuitBreakerMachine(
  options: BreakerOptions = {},
): Machine<BreakerState, BreakerEvent, BreakerContext> {
  const initial = initialBreakerContext(options);
  return defineMachine({
    id: 'circuit-breaker',
    initial: 'CLOSED',
    context: (): BreakerContext => ({ ...initial }),
    states: {
      CLOSED: {
        on: {
          SUCCESS: { target: 'CLOSED', severity: 'DEBUG', action: close },
          FAILURE: {
            target: 'CLOSED',
            severity: 'DEBUG',
            action: (ctx) => ({ ...ctx, failures: ctx.failures + 1 }),
          },
          TRIP: {
            target: 'OPEN',
            severity: 'WARNING',
            guard: (ctx, ev) =>
              hasNow(ctx, ev) && (ctx.failures >= ctx.failureThreshold || ev.force === true),
            action: open,
          },
        },
      },
      OPEN: {
        on: {
          PROBE: {
            target: 'HALF_OPEN',
            guard: (ctx, ev) => {
              const now = numberField(ev, 'now');
              return now !== undefined && ctx.openedAt !== null && now - ctx.openedAt >= ctx.cooldownMs;
            },
          },
          RESET: { target: 'CLOSED', action: close },
        },
      },
      HALF_OPEN: {
        on: {
          SUCCESS: { target: 'CLOSED', action: close },
          FAILURE: { target: 'OPEN', severity: 'WARNING', guard: hasNow, action: open },
          RESET: { target: 'CLOSED', action: close },
        },
      },
    },
  });
}

/** The breaker machine with seed 000's policy: 3 failures open it for 300 s. */
export const circuitBreakerMachine: Machine<BreakerState, BreakerEvent, BreakerContext> =
  defineCircuitBreakerMachine();

/** A circuit-breaker actor. */
export type BreakerActor = Actor<BreakerState, BreakerEvent, BreakerContext>;
