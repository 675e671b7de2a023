import { type Actor, defineMachine, type Machine } from '../define-machine.js';
import { InvalidOptionError } from '../errors.js';
import type { EventObject } from '../types.js';
import { countField, errorText, numberField } from './payload.js';

/** States of a test gate (seed 002, SSOT §2.3). Terminal: `PASSED`, `FAILED`. */
export type TestGateState = 'PENDING' | 'RUNNING' | 'PASSED' | 'FAILED' | 'BLOCKED';
/** Events a test gate accepts. */
export type TestGateEvent = 'RUN' | 'PASS' | 'FAIL' | 'TIMEOUT' | 'BLOCK' | 'UNBLOCK';

/** Counts reported by a test run. */
export interface TestResults {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** What a gate tracks. */
export interface TestGateContext {
  /** The test suite the gate runs (free text, e.g. a command). */
  readonly suite: string;
  /** A run longer than this fails the gate (`TIMEOUT`) and can no longer pass. */
  readonly timeoutMs: number;
  /** When the run started (epoch ms, `RUN`'s `now`), else `null`. */
  readonly startedAt: number | null;
  /** The results reported with `PASS` or `FAIL`, else `null`. */
  readonly results: TestResults | null;
  /** Why the gate failed (`error`/`reason`, or `'timeout'`), else `null`. */
  readonly error: string | null;
}

/** Options of {@link defineTestGateMachine}. */
export interface TestGateOptions {
  /**
   * The test suite the gate runs.
   * @default ''
   */
  readonly suite?: string;
  /**
   * Longest allowed run (positive milliseconds).
   * @default 300000
   */
  readonly timeoutMs?: number;
}

/** Normalises {@link TestGateOptions} into the initial context. */
export function initialTestGateContext(options: TestGateOptions = {}): TestGateContext {
  const suite = options.suite ?? '';
  if (typeof suite !== 'string') throw new InvalidOptionError('suite', 'a string', suite);
  const timeoutMs = options.timeoutMs ?? 300_000;
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new InvalidOptionError('timeoutMs', 'a positive finite number of milliseconds', timeoutMs);
  }
  return { suite, timeoutMs, startedAt: null, results: null, error: null };
}

/** Whether a gate's run has exceeded its timeout at `now`. */
export function isGateTimedOut(ctx: TestGateContext, now: number): boolean {
  return ctx.startedAt !== null && now - ctx.startedAt > ctx.timeoutMs;
}

/** `results` of an event as {@link TestResults} (missing counts are 0), `null` when absent, `undefined` when malformed. */
function resultsOf(ev: EventObject): TestResults | null | undefined {
  const r = ev.results;
  if (r === undefined) return null;
  if (typeof r !== 'object' || r === null) return undefined;
  const o = r as EventObject;
  const count = (key: keyof TestResults) => (o[key] === undefined ? 0 : countField(o, key));
  const passed = count('passed');
  const failed = count('failed');
  const skipped = count('skipped');
  if (passed === undefined || failed === undefined || skipped === undefined) return undefined;
  return { passed, failed, skipped };
}

/**
 * `PASS`: reported results (if any) have no failure, and when `now` is given the run has not
 * timed out (a late result cannot pass the gate).
 */
function canPass(ctx: TestGateContext, ev: EventObject): boolean {
  const results = resultsOf(ev);
  if (results === undefined || (results !== null && results.failed > 0)) return false;
  const now = numberField(ev, 'now');
  return ev.now === undefined || (now !== undefined && !isGateTimedOut(ctx, now));
}

/**
 * A test-gate machine with the given suite and timeout: tests that must pass before dependent
 * work proceeds (seed 002 §2.3).
 *
 * | from    | event   | to      | guard / effect                                                        |
 * |---------|---------|---------|-----------------------------------------------------------------------|
 * | PENDING | RUN     | RUNNING | `now` given: the start time                                           |
 * | PENDING | BLOCK   | BLOCKED | the gate cannot run yet (records `error`/`reason`)                    |
 * | BLOCKED | UNBLOCK | PENDING |                                                                       |
 * | RUNNING | PASS    | PASSED  | `results?` without failures; `now?` within the timeout                |
 * | RUNNING | FAIL    | FAILED  | records `results?` and `error`                                        |
 * | RUNNING | TIMEOUT | FAILED  | `now` more than `timeoutMs` after the start                           |
 *
 * 5 states, 6 transitions (the seed's 5 plus the timeout).
 * Execution time: `timeInState(actor.history, 'RUNNING', now)`.
 */
export function defineTestGateMachine(
  options: TestGateOptions = {},
): Machine<TestGateState, TestGateEvent, TestGateContext> {
  const initial = initialTestGateContext(options);
  return defineMachine({
    id: 'test-gate',
    initial: 'PENDING',
    context: (): TestGateContext => ({ ...initial }),
    states: {
      PENDING: {
        on: {
          RUN: {
            target: 'RUNNING',
            guard: (_ctx, ev) => numberField(ev, 'now') !== undefined,
            action: (ctx, ev) => ({ ...ctx, startedAt: numberField(ev, 'now') ?? null }),
          },
          BLOCK: {
            target: 'BLOCKED',
            severity: 'WARNING',
            action: (ctx, ev) => ({ ...ctx, error: errorText(ev) }),
          },
        },
      },
      BLOCKED: { on: { UNBLOCK: { target: 'PENDING', action: (ctx) => ({ ...ctx, error: null }) } } },
      RUNNING: {
        on: {
          PASS: {
            target: 'PASSED',
            guard: canPass,
            action: (ctx, ev) => ({ ...ctx, results: resultsOf(ev) ?? null }),
          },
          FAIL: {
            target: 'FAILED',
            severity: 'ERROR',
            guard: (_ctx, ev) => resultsOf(ev) !== undefined,
            action: (ctx, ev) => ({
              ...ctx,
              results: resultsOf(ev) ?? null,
              error: errorText(ev) ?? 'tests failed',
            }),
          },
          TIMEOUT: {
            target: 'FAILED',
            severity: 'ERROR',
            guard: (ctx, ev) => {
              const now = numberField(ev, 'now');
              return now !== undefined && isGateTimedOut(ctx, now);
            },
            action: (ctx) => ({ ...ctx, error: 'timeout' }),
          },
        },
      },
      PASSED: { terminal: true },
      FAILED: { terminal: true },
    },
  });
}

/** The test-gate machine with default options (no suite name, 5 minute timeout). */
export const testGateMachine: Machine<TestGateState, TestGateEvent, TestGateContext> =
  defineTestGateMachine();

/** A test-gate actor. */
export type TestGateActor = Actor<TestGateState, TestGateEvent, TestGateContext>;
