import { type Actor, defineMachine, type Machine } from '../define-machine.js';
import { InvalidOptionError } from '../errors.js';
import type { EventObject } from '../types.js';
import { errorText, numberField, stringField } from './payload.js';

/** States of a worker (seed 002, SSOT §1.5 / §2.1). Terminal: `TERMINATED`. */
export type WorkerState = 'IDLE' | 'BUSY' | 'DRAINING' | 'FAILED' | 'TERMINATED';
/** Events a worker accepts. */
export type WorkerEvent = 'ASSIGN' | 'COMPLETE' | 'HEARTBEAT' | 'FAIL' | 'RECOVER' | 'SHUTDOWN';

/** What a worker tracks. */
export interface WorkerContext {
  /** The task it is running (BUSY, DRAINING), else `null`. */
  readonly taskId: string | null;
  /** Time (epoch ms) of the last heartbeat, assignment or recovery, else `null`. Never decreases. */
  readonly lastHeartbeatAt: number | null;
  /** A worker silent for longer than this is unhealthy (see {@link workerHealth}). */
  readonly heartbeatTimeoutMs: number;
  /** Tasks finished. */
  readonly completedTasks: number;
  /** Failures so far (each `FAIL`). */
  readonly failures: number;
  /** The last failure's `error`/`reason`, else `null`. */
  readonly error: string | null;
}

/** Options of {@link defineWorkerMachine}. */
export interface WorkerOptions {
  /**
   * A worker whose last heartbeat is older than this is unhealthy (positive milliseconds).
   * @default 60000
   */
  readonly heartbeatTimeoutMs?: number;
}

/** Normalises {@link WorkerOptions} into the initial context. */
export function initialWorkerContext(options: WorkerOptions = {}): WorkerContext {
  const timeout = options.heartbeatTimeoutMs ?? 60_000;
  if (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout)) {
    throw new InvalidOptionError('heartbeatTimeoutMs', 'a positive finite number of milliseconds', timeout);
  }
  return {
    taskId: null,
    lastHeartbeatAt: null,
    heartbeatTimeoutMs: timeout,
    completedTasks: 0,
    failures: 0,
    error: null,
  };
}

/**
 * The health check: `'healthy'` when the last heartbeat is at most `heartbeatTimeoutMs` old at
 * `now`, `'stale'` when older, `'unknown'` before the first one. A supervisor sends
 * `FAIL { error: 'heartbeat timeout' }` for a stale worker.
 */
export function workerHealth(ctx: WorkerContext, now: number): 'healthy' | 'stale' | 'unknown' {
  if (ctx.lastHeartbeatAt === null) return 'unknown';
  return now - ctx.lastHeartbeatAt > ctx.heartbeatTimeoutMs ? 'stale' : 'healthy';
}

/** `at` (event time, epoch ms) is given and not before the last heartbeat. */
function freshTime(ctx: WorkerContext, ev: EventObject): boolean {
  const at = numberField(ev, 'at');
  return at !== undefined && (ctx.lastHeartbeatAt === null || at >= ctx.lastHeartbeatAt);
}
/** Optional `at`: when given it must not go back. */
function optionalTime(ctx: WorkerContext, ev: EventObject): boolean {
  return ev.at === undefined || freshTime(ctx, ev);
}
const beat = (ctx: WorkerContext, ev: EventObject): number | null =>
  numberField(ev, 'at') ?? ctx.lastHeartbeatAt;

/** A heartbeat: a self-transition that records the time. */
const heartbeatIn = <T extends WorkerState>(state: T) =>
  ({
    target: state,
    severity: 'DEBUG',
    guard: freshTime,
    action: (ctx: WorkerContext, ev: EventObject): WorkerContext => ({
      ...ctx,
      lastHeartbeatAt: beat(ctx, ev),
    }),
  }) as const;
const fail = {
  target: 'FAILED',
  severity: 'ERROR',
  action: (ctx: WorkerContext, ev: EventObject): WorkerContext => ({
    ...ctx,
    taskId: null,
    failures: ctx.failures + 1,
    error: errorText(ev),
  }),
} as const;
const finish = (ctx: WorkerContext): WorkerContext => ({
  ...ctx,
  taskId: null,
  completedTasks: ctx.completedTasks + 1,
});

/**
 * A worker machine with the given heartbeat timeout. A worker takes one task at a time,
 * heartbeats while alive, can fail and recover, and shuts down gracefully (seed 002 §1.5, §2.1).
 *
 * | from     | event     | to         | guard / effect                                                  |
 * |----------|-----------|------------|-----------------------------------------------------------------|
 * | IDLE     | ASSIGN    | BUSY       | `taskId` given; `at?` not before the last heartbeat             |
 * | IDLE     | HEARTBEAT | IDLE       | `at` given, not before the last heartbeat                       |
 * | IDLE     | FAIL      | FAILED     | e.g. a failed health check                                      |
 * | IDLE     | SHUTDOWN  | TERMINATED |                                                                 |
 * | BUSY     | HEARTBEAT | BUSY       | as above                                                        |
 * | BUSY     | COMPLETE  | IDLE       | task done; clears `taskId`                                      |
 * | BUSY     | FAIL      | FAILED     | the worker crashed or went silent; the task is released         |
 * | BUSY     | SHUTDOWN  | DRAINING   | graceful: finish the current task first                         |
 * | DRAINING | HEARTBEAT | DRAINING   | as above                                                        |
 * | DRAINING | COMPLETE  | TERMINATED | the last task is done                                           |
 * | DRAINING | FAIL      | FAILED     |                                                                 |
 * | FAILED   | RECOVER   | IDLE       | `at?` not before the last heartbeat; counts as a heartbeat      |
 * | FAILED   | SHUTDOWN  | TERMINATED |                                                                 |
 *
 * 5 states, 13 transitions: the seed's 7 (IDLE <-> BUSY, fail, recover, shutdown) plus the
 * three heartbeat self-transitions and graceful draining.
 */
export function defineWorkerMachine(
  options: WorkerOptions = {},
): Machine<WorkerState, WorkerEvent, WorkerContext> {
  const initial = initialWorkerContext(options);
  return defineMachine({
    id: 'worker',
    initial: 'IDLE',
    context: (): WorkerContext => ({ ...initial }),
    states: {
      IDLE: {
        on: {
          ASSIGN: {
            target: 'BUSY',
            guard: (ctx, ev) => stringField(ev, 'taskId') !== undefined && optionalTime(ctx, ev),
            action: (ctx, ev) => ({
              ...ctx,
              taskId: stringField(ev, 'taskId') ?? null,
              lastHeartbeatAt: beat(ctx, ev),
            }),
          },
          HEARTBEAT: heartbeatIn('IDLE'),
          FAIL: fail,
          SHUTDOWN: 'TERMINATED',
        },
      },
      BUSY: {
        on: {
          HEARTBEAT: heartbeatIn('BUSY'),
          COMPLETE: { target: 'IDLE', action: finish },
          FAIL: fail,
          SHUTDOWN: { target: 'DRAINING', severity: 'WARNING' },
        },
      },
      DRAINING: {
        on: {
          HEARTBEAT: heartbeatIn('DRAINING'),
          COMPLETE: { target: 'TERMINATED', action: finish },
          FAIL: fail,
        },
      },
      FAILED: {
        on: {
          RECOVER: {
            target: 'IDLE',
            guard: optionalTime,
            action: (ctx, ev) => ({ ...ctx, error: null, lastHeartbeatAt: beat(ctx, ev) }),
          },
          SHUTDOWN: 'TERMINATED',
        },
      },
      TERMINATED: { terminal: true },
    },
  });
}

/** The worker machine with the default 60 s heartbeat timeout. */
export const workerMachine: Machine<WorkerState, WorkerEvent, WorkerContext> = defineWorkerMachine();

/** A worker actor. */
export type WorkerActor = Actor<WorkerState, WorkerEvent, WorkerContext>;
