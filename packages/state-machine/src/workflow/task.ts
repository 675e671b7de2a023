import { type Actor, defineMachine, type Machine } from '../define-machine.js';
import { InvalidOptionError } from '../errors.js';
import type { EventObject } from '../types.js';
import { errorText, missing, stringField, stringsField } from './payload.js';

/** States of a task (seed 002, SSOT §1.4). Terminal: `COMPLETED`, `FAILED`, `CANCELLED`. */
export type TaskState =
  | 'PENDING'
  | 'QUEUED'
  | 'BLOCKED'
  | 'RUNNING'
  | 'VALIDATING'
  | 'RETRYING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED';
/** Events a task accepts. */
export type TaskEvent =
  | 'QUEUE'
  | 'BLOCK'
  | 'UNBLOCK'
  | 'ASSIGN'
  | 'VALIDATE'
  | 'PASS'
  | 'RETRY'
  | 'REQUEUE'
  | 'FAIL'
  | 'CANCEL';

/** What a task tracks. */
export interface TaskContext {
  /** Tasks that must be completed and gates that must have passed before the task is queued. */
  readonly dependencies: { readonly tasks: readonly string[]; readonly gates: readonly string[] };
  /** How many times a failed run may be retried. */
  readonly maxRetries: number;
  /** Retries taken so far (never above `maxRetries`). */
  readonly retries: number;
  /** Times the task was handed to a worker (`retries + 1` at most). */
  readonly attempts: number;
  /** The worker running the task, else `null`. */
  readonly workerId: string | null;
  /** The last failure's `error` (or `reason`), else `null`. */
  readonly error: string | null;
}

/** Options of {@link defineTaskMachine}. */
export interface TaskOptions {
  /**
   * What must be done first: task ids that must be `COMPLETED` and gate ids that must be `PASSED`.
   * @default { tasks: [], gates: [] }
   */
  readonly dependencies?: { readonly tasks?: readonly string[]; readonly gates?: readonly string[] };
  /**
   * Retries allowed after the first attempt (a non-negative integer).
   * @default 3
   */
  readonly maxRetries?: number;
}

/** The work already done that `QUEUE` reports, as ids. */
export interface DoneWork {
  readonly completedTasks?: readonly string[];
  readonly passedGates?: readonly string[];
}

/** The dependencies of a task still unmet given the completed tasks and passed gates. */
export function unmetDependencies(ctx: TaskContext, done: DoneWork): { tasks: string[]; gates: string[] } {
  return {
    tasks: missing(ctx.dependencies.tasks, done.completedTasks ?? []),
    gates: missing(ctx.dependencies.gates, done.passedGates ?? []),
  };
}

function dependenciesMet(ctx: TaskContext, ev: EventObject): boolean {
  const unmet = unmetDependencies(ctx, {
    completedTasks: stringsField(ev, 'completedTasks'),
    passedGates: stringsField(ev, 'passedGates'),
  });
  return unmet.tasks.length === 0 && unmet.gates.length === 0;
}

function strings(option: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
    throw new InvalidOptionError(option, 'an array of non-empty strings', value);
  }
  return [...new Set(value as string[])];
}

/** Normalises {@link TaskOptions} into the initial context. */
export function initialTaskContext(options: TaskOptions = {}): TaskContext {
  const maxRetries = options.maxRetries ?? 3;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new InvalidOptionError('maxRetries', 'a non-negative integer', maxRetries);
  }
  return {
    dependencies: {
      tasks: strings('dependencies.tasks', options.dependencies?.tasks),
      gates: strings('dependencies.gates', options.dependencies?.gates),
    },
    maxRetries,
    retries: 0,
    attempts: 0,
    workerId: null,
    error: null,
  };
}

const fail = (ctx: TaskContext, ev: EventObject): TaskContext => ({
  ...ctx,
  error: errorText(ev),
  workerId: null,
});
const cancel = { target: 'CANCELLED', action: (ctx: TaskContext) => ({ ...ctx, workerId: null }) } as const;

/**
 * A task machine whose fresh actors start with the given dependencies and retry budget
 * (a restored snapshot keeps its own). The atomic unit of work (seed 002 §1.4).
 *
 * | from       | event    | to         | guard / effect                                                        |
 * |------------|----------|------------|-----------------------------------------------------------------------|
 * | PENDING    | QUEUE    | QUEUED     | every dependency in `completedTasks` / `passedGates` of the event     |
 * | PENDING    | BLOCK    | BLOCKED    | a dependency failed                                                   |
 * | PENDING    | CANCEL   | CANCELLED  |                                                                       |
 * | BLOCKED    | UNBLOCK  | PENDING    | the dependency recovered                                              |
 * | BLOCKED    | CANCEL   | CANCELLED  |                                                                       |
 * | QUEUED     | ASSIGN   | RUNNING    | `workerId` given; counts an attempt                                   |
 * | QUEUED     | CANCEL   | CANCELLED  |                                                                       |
 * | RUNNING    | VALIDATE | VALIDATING | execution finished                                                    |
 * | RUNNING    | RETRY    | RETRYING   | `retries < maxRetries`; counts a retry (else send `FAIL`)             |
 * | RUNNING    | FAIL     | FAILED     | permanent failure; records `error`                                    |
 * | RUNNING    | CANCEL   | CANCELLED  |                                                                       |
 * | VALIDATING | PASS     | COMPLETED  |                                                                       |
 * | VALIDATING | FAIL     | FAILED     | validation failed                                                     |
 * | RETRYING   | REQUEUE  | QUEUED     | back in the queue (dependencies were met already)                     |
 * | RETRYING   | CANCEL   | CANCELLED  |                                                                       |
 *
 * 9 states, 15 transitions (the seed counts 11; cancelling is allowed from every non-terminal
 * state except VALIDATING, whose outcome is imminent).
 */
export function defineTaskMachine(options: TaskOptions = {}): Machine<TaskState, TaskEvent, TaskContext> {
  const initial = initialTaskContext(options);
  return defineMachine({
    id: 'task',
    initial: 'PENDING',
    context: (): TaskContext => structuredClone(initial),
    states: {
      PENDING: {
        on: {
          QUEUE: { target: 'QUEUED', guard: dependenciesMet },
          BLOCK: { target: 'BLOCKED', severity: 'WARNING' },
          CANCEL: cancel,
        },
      },
      BLOCKED: { on: { UNBLOCK: 'PENDING', CANCEL: cancel } },
      QUEUED: {
        on: {
          ASSIGN: {
            target: 'RUNNING',
            guard: (_ctx, ev) => stringField(ev, 'workerId') !== undefined,
            action: (ctx, ev) => ({
              ...ctx,
              attempts: ctx.attempts + 1,
              workerId: stringField(ev, 'workerId') ?? null,
            }),
          },
          CANCEL: cancel,
        },
      },
      RUNNING: {
        on: {
          VALIDATE: 'VALIDATING',
          RETRY: {
            target: 'RETRYING',
            severity: 'WARNING',
            guard: (ctx) => ctx.retries < ctx.maxRetries,
            action: (ctx, ev) => ({ ...fail(ctx, ev), retries: ctx.retries + 1 }),
          },
          FAIL: { target: 'FAILED', severity: 'ERROR', action: fail },
          CANCEL: cancel,
        },
      },
      VALIDATING: {
        on: {
          PASS: { target: 'COMPLETED', action: (ctx) => ({ ...ctx, workerId: null }) },
          FAIL: { target: 'FAILED', severity: 'ERROR', action: fail },
        },
      },
      RETRYING: { on: { REQUEUE: 'QUEUED', CANCEL: cancel } },
      COMPLETED: { terminal: true },
      FAILED: { terminal: true },
      CANCELLED: { terminal: true },
    },
  });
}

/** The task machine with default options (no dependencies, 3 retries). */
export const taskMachine: Machine<TaskState, TaskEvent, TaskContext> = defineTaskMachine();

/** A task actor. */
export type TaskActor = Actor<TaskState, TaskEvent, TaskContext>;
