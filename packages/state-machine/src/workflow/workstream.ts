import { type Actor, defineMachine, type Machine } from '../define-machine.js';
import { InvalidOptionError } from '../errors.js';
import type { EventObject } from '../types.js';
import { countField, errorText, stringField } from './payload.js';

/** States of a workstream (seed 002, SSOT §1.3). Terminal: `COMPLETED`, `FAILED`, `CANCELLED`. */
export type WorkstreamState =
  | 'PENDING'
  | 'READY'
  | 'RUNNING'
  | 'PAUSED'
  | 'BLOCKED'
  | 'VALIDATING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED';
/** Events a workstream accepts. */
export type WorkstreamEvent =
  | 'READY'
  | 'START'
  | 'TASK_COMPLETED'
  | 'TASK_FAILED'
  | 'PAUSE'
  | 'RESUME'
  | 'BLOCK'
  | 'UNBLOCK'
  | 'VALIDATE'
  | 'PASS'
  | 'FAIL'
  | 'CANCEL';

/** What a workstream tracks: the progress of its tasks. */
export interface WorkstreamContext {
  readonly tasks: { readonly total: number; readonly completed: number; readonly failed: number };
  /** Tasks whose failure fails the whole workstream (`FAIL`, not `TASK_FAILED`). */
  readonly criticalTasks: readonly string[];
  /** Why it failed (`FAIL`'s `error`/`reason`, or the critical task id), else `null`. */
  readonly error: string | null;
}

/** Options of {@link defineWorkstreamMachine}. */
export interface WorkstreamOptions {
  /**
   * Number of tasks in the workstream (`START { tasks }` may set it later).
   * @default 0
   */
  readonly tasks?: number;
  /**
   * Ids of critical tasks: `TASK_FAILED` is refused for them (send `FAIL`: the workstream fails).
   * @default []
   */
  readonly criticalTasks?: readonly string[];
}

/** Normalises {@link WorkstreamOptions} into the initial context. */
export function initialWorkstreamContext(options: WorkstreamOptions = {}): WorkstreamContext {
  const total = options.tasks ?? 0;
  if (!Number.isInteger(total) || total < 0)
    throw new InvalidOptionError('tasks', 'a non-negative integer', total);
  const critical = options.criticalTasks ?? [];
  if (!Array.isArray(critical) || !critical.every((c) => typeof c === 'string' && c !== '')) {
    throw new InvalidOptionError('criticalTasks', 'an array of non-empty strings', critical);
  }
  return { tasks: { total, completed: 0, failed: 0 }, criticalTasks: [...new Set(critical)], error: null };
}

/** Whether a task's failure must fail the workstream (`FAIL`) rather than be counted (`TASK_FAILED`). */
export function isCriticalTask(ctx: WorkstreamContext, taskId: string): boolean {
  return ctx.criticalTasks.includes(taskId);
}

/** Progress of a workstream's tasks; `percent` counts completed and failed (settled) tasks. */
export function workstreamProgress(ctx: WorkstreamContext): {
  settled: number;
  remaining: number;
  percent: number;
} {
  const { total, completed, failed } = ctx.tasks;
  const settled = completed + failed;
  return { settled, remaining: total - settled, percent: total === 0 ? 0 : (settled / total) * 100 };
}

const unsettled = (ctx: WorkstreamContext) => ctx.tasks.completed + ctx.tasks.failed < ctx.tasks.total;
const failWith = (ctx: WorkstreamContext, ev: EventObject): WorkstreamContext => ({
  ...ctx,
  error: errorText(ev) ?? stringField(ev, 'taskId') ?? null,
});

/**
 * A workstream machine whose fresh actors know their task count and critical tasks.
 * A group of tasks with collective progress (seed 002 §1.3).
 *
 * | from       | event          | to         | guard / effect                                                |
 * |------------|----------------|------------|---------------------------------------------------------------|
 * | PENDING    | READY          | READY      | dependencies met                                              |
 * | PENDING    | BLOCK          | BLOCKED    |                                                               |
 * | PENDING    | CANCEL         | CANCELLED  |                                                               |
 * | READY      | START          | RUNNING    | `tasks?` (count) not below the tasks already settled          |
 * | READY      | CANCEL         | CANCELLED  |                                                               |
 * | RUNNING    | TASK_COMPLETED | RUNNING    | a task is still unsettled; completed + 1                      |
 * | RUNNING    | TASK_FAILED    | RUNNING    | unsettled, and `taskId` is not critical; failed + 1           |
 * | RUNNING    | PAUSE          | PAUSED     |                                                               |
 * | RUNNING    | BLOCK          | BLOCKED    | progress is kept                                              |
 * | RUNNING    | VALIDATE       | VALIDATING | every task settled                                            |
 * | RUNNING    | FAIL           | FAILED     | critical failure; records `error` or `taskId`                 |
 * | RUNNING    | CANCEL         | CANCELLED  |                                                               |
 * | PAUSED     | RESUME         | RUNNING    |                                                               |
 * | PAUSED     | CANCEL         | CANCELLED  |                                                               |
 * | BLOCKED    | UNBLOCK        | PENDING    |                                                               |
 * | BLOCKED    | CANCEL         | CANCELLED  |                                                               |
 * | VALIDATING | PASS           | COMPLETED  |                                                               |
 * | VALIDATING | FAIL           | FAILED     |                                                               |
 *
 * 9 states, 18 transitions (the seed counts 13): two of them are the progress self-transitions,
 * and every non-terminal state except VALIDATING can be cancelled.
 */
export function defineWorkstreamMachine(
  options: WorkstreamOptions = {},
): Machine<WorkstreamState, WorkstreamEvent, WorkstreamContext> {
  const initial = initialWorkstreamContext(options);
  return defineMachine({
    id: 'workstream',
    initial: 'PENDING',
    context: (): WorkstreamContext => structuredClone(initial),
    states: {
      PENDING: {
        on: { READY: 'READY', BLOCK: { target: 'BLOCKED', severity: 'WARNING' }, CANCEL: 'CANCELLED' },
      },
      READY: {
        on: {
          START: {
            target: 'RUNNING',
            guard: (ctx, ev) =>
              ev.tasks === undefined ||
              (countField(ev, 'tasks') ?? -1) >= ctx.tasks.completed + ctx.tasks.failed,
            action: (ctx, ev) => ({
              ...ctx,
              tasks: { ...ctx.tasks, total: countField(ev, 'tasks') ?? ctx.tasks.total },
            }),
          },
          CANCEL: 'CANCELLED',
        },
      },
      RUNNING: {
        on: {
          TASK_COMPLETED: {
            target: 'RUNNING',
            severity: 'DEBUG',
            guard: unsettled,
            action: (ctx) => ({ ...ctx, tasks: { ...ctx.tasks, completed: ctx.tasks.completed + 1 } }),
          },
          TASK_FAILED: {
            target: 'RUNNING',
            severity: 'WARNING',
            guard: (ctx, ev) => unsettled(ctx) && !isCriticalTask(ctx, stringField(ev, 'taskId') ?? ''),
            action: (ctx) => ({ ...ctx, tasks: { ...ctx.tasks, failed: ctx.tasks.failed + 1 } }),
          },
          PAUSE: 'PAUSED',
          BLOCK: { target: 'BLOCKED', severity: 'WARNING' },
          VALIDATE: { target: 'VALIDATING', guard: (ctx) => !unsettled(ctx) },
          FAIL: { target: 'FAILED', severity: 'CRITICAL', action: failWith },
          CANCEL: 'CANCELLED',
        },
      },
      PAUSED: { on: { RESUME: 'RUNNING', CANCEL: 'CANCELLED' } },
      BLOCKED: { on: { UNBLOCK: 'PENDING', CANCEL: 'CANCELLED' } },
      VALIDATING: {
        on: { PASS: 'COMPLETED', FAIL: { target: 'FAILED', severity: 'ERROR', action: failWith } },
      },
      COMPLETED: { terminal: true },
      FAILED: { terminal: true },
      CANCELLED: { terminal: true },
    },
  });
}

/** The workstream machine with default options (0 tasks until `START { tasks }`, none critical). */
export const workstreamMachine: Machine<WorkstreamState, WorkstreamEvent, WorkstreamContext> =
  defineWorkstreamMachine();

/** A workstream actor. */
export type WorkstreamActor = Actor<WorkstreamState, WorkstreamEvent, WorkstreamContext>;
