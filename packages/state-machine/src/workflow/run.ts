import { type Actor, defineMachine, type Machine } from '../define-machine.js';
import type { EventObject } from '../types.js';
import { countField, errorText } from './payload.js';

/** States of a run (seed 002, SSOT §1.2). Terminal: `COMPLETED`, `FAILED`. */
export type RunState = 'INITIALIZING' | 'RUNNING' | 'PAUSED' | 'COMPLETED' | 'FAILED';
/** Events a run accepts. */
export type RunEvent = 'START' | 'PROGRESS' | 'PAUSE' | 'RESUME' | 'COMPLETE' | 'FAIL';

/** What a run tracks: its workstreams' progress and the error that failed it. */
export interface RunContext {
  readonly workstreams: { readonly total: number; readonly completed: number; readonly failed: number };
  /** Why the run failed (`FAIL`'s `error` or `reason`), else `null`. */
  readonly error: string | null;
}

type Ev = EventObject;

/** `START { workstreams? }`: how many workstreams the run has (a non-negative integer). */
function validTotal(_ctx: RunContext, ev: Ev): boolean {
  return ev.workstreams === undefined || countField(ev, 'workstreams') !== undefined;
}

/** `PROGRESS { completed, failed }`: counts never go down and never exceed the total. */
function monotonicProgress(ctx: RunContext, ev: Ev): boolean {
  const completed = countField(ev, 'completed') ?? ctx.workstreams.completed;
  const failed = countField(ev, 'failed') ?? ctx.workstreams.failed;
  if (
    (ev.completed !== undefined && countField(ev, 'completed') === undefined) ||
    (ev.failed !== undefined && countField(ev, 'failed') === undefined)
  ) {
    return false;
  }
  return (
    completed >= ctx.workstreams.completed &&
    failed >= ctx.workstreams.failed &&
    completed + failed <= ctx.workstreams.total
  );
}

/**
 * The run of a pipeline (seed 002 §1.2): set up, executed (with pauses), then completed or failed.
 *
 * | from         | event    | to        | guard / effect                                                         |
 * |--------------|----------|-----------|------------------------------------------------------------------------|
 * | INITIALIZING | START    | RUNNING   | `workstreams?` is a count; sets the total                              |
 * | INITIALIZING | FAIL     | FAILED    | setup failed; records `error`                                          |
 * | RUNNING      | PROGRESS | RUNNING   | `completed`/`failed` never decrease, their sum never exceeds the total |
 * | RUNNING      | PAUSE    | PAUSED    |                                                                        |
 * | RUNNING      | COMPLETE | COMPLETED | every workstream completed                                            |
 * | RUNNING      | FAIL     | FAILED    | critical failure; records `error`                                      |
 * | PAUSED       | RESUME   | RUNNING   |                                                                        |
 * | PAUSED       | FAIL     | FAILED    | aborted while paused                                                   |
 *
 * 5 states, 8 transitions (the seed's 6 plus a setup failure and the progress self-transition).
 * Active duration (pauses excluded): `timeInState(actor.history, 'RUNNING', now)`.
 */
export const runMachine: Machine<RunState, RunEvent, RunContext> = defineMachine({
  id: 'run',
  initial: 'INITIALIZING',
  context: (): RunContext => ({ workstreams: { total: 0, completed: 0, failed: 0 }, error: null }),
  states: {
    INITIALIZING: {
      on: {
        START: {
          target: 'RUNNING',
          guard: validTotal,
          action: (ctx, ev) => ({
            ...ctx,
            workstreams: {
              ...ctx.workstreams,
              total: countField(ev, 'workstreams') ?? ctx.workstreams.total,
            },
          }),
        },
        FAIL: {
          target: 'FAILED',
          severity: 'ERROR',
          action: (ctx, ev) => ({ ...ctx, error: errorText(ev) }),
        },
      },
    },
    RUNNING: {
      on: {
        PROGRESS: {
          target: 'RUNNING',
          severity: 'DEBUG',
          guard: monotonicProgress,
          action: (ctx, ev) => ({
            ...ctx,
            workstreams: {
              total: ctx.workstreams.total,
              completed: countField(ev, 'completed') ?? ctx.workstreams.completed,
              failed: countField(ev, 'failed') ?? ctx.workstreams.failed,
            },
          }),
        },
        PAUSE: 'PAUSED',
        COMPLETE: {
          target: 'COMPLETED',
          guard: (ctx) => ctx.workstreams.completed === ctx.workstreams.total,
        },
        FAIL: {
          target: 'FAILED',
          severity: 'ERROR',
          action: (ctx, ev) => ({ ...ctx, error: errorText(ev) }),
        },
      },
    },
    PAUSED: {
      on: {
        RESUME: 'RUNNING',
        FAIL: {
          target: 'FAILED',
          severity: 'ERROR',
          action: (ctx, ev) => ({ ...ctx, error: errorText(ev) }),
        },
      },
    },
    COMPLETED: { terminal: true },
    FAILED: { terminal: true },
  },
});

/** A run actor. */
export type RunActor = Actor<RunState, RunEvent, RunContext>;

/** Completion percentage (0-100) of a run's workstreams; 0 when it has none. */
export function runCompletion(ctx: RunContext): number {
  const { total, completed } = ctx.workstreams;
  return total === 0 ? 0 : (completed / total) * 100;
}
