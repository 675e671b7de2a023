import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardRejectedError, InvalidOptionError } from '../errors.js';
import { captureError, describeMachine } from './testing/walk.js';
import {
  defineWorkerMachine,
  type WorkerContext,
  type WorkerEvent,
  type WorkerState,
  workerHealth,
  workerMachine,
} from './worker.js';

const EVENTS: WorkerEvent[] = ['ASSIGN', 'COMPLETE', 'HEARTBEAT', 'FAIL', 'RECOVER', 'SHUTDOWN'];
const assign = { type: 'ASSIGN', taskId: 'task-1' } as const;

describeMachine<WorkerState, WorkerEvent, WorkerContext>('worker', {
  machine: workerMachine,
  table: [
    ['IDLE', 'ASSIGN', 'BUSY'],
    ['IDLE', 'HEARTBEAT', 'IDLE'],
    ['IDLE', 'FAIL', 'FAILED'],
    ['IDLE', 'SHUTDOWN', 'TERMINATED'],
    ['BUSY', 'HEARTBEAT', 'BUSY'],
    ['BUSY', 'COMPLETE', 'IDLE'],
    ['BUSY', 'FAIL', 'FAILED'],
    ['BUSY', 'SHUTDOWN', 'DRAINING'],
    ['DRAINING', 'HEARTBEAT', 'DRAINING'],
    ['DRAINING', 'COMPLETE', 'TERMINATED'],
    ['DRAINING', 'FAIL', 'FAILED'],
    ['FAILED', 'RECOVER', 'IDLE'],
    ['FAILED', 'SHUTDOWN', 'TERMINATED'],
  ],
  paths: {
    IDLE: [],
    BUSY: [assign],
    DRAINING: [assign, 'SHUTDOWN'],
    FAILED: ['FAIL'],
    TERMINATED: ['SHUTDOWN'],
  },
  payloads: { ASSIGN: { taskId: 'task-1' } },
  step: fc.record({
    dt: fc.nat({ max: 90_000 }),
    event: fc.record(
      // `at: 0` now and then: a heartbeat from the past must be refused
      { type: fc.constantFrom(...EVENTS), taskId: fc.constantFrom('a', 'b', ''), at: fc.constant(0) },
      { requiredKeys: ['type'] },
    ),
  }),
  invariant: (actor, before) => {
    const c = actor.context;
    expect(c.taskId !== null).toBe(actor.state === 'BUSY' || actor.state === 'DRAINING');
    if (before.context.lastHeartbeatAt !== null) {
      expect(c.lastHeartbeatAt).not.toBeNull();
      expect(c.lastHeartbeatAt as number).toBeGreaterThanOrEqual(before.context.lastHeartbeatAt);
    }
    expect(c.completedTasks).toBeGreaterThanOrEqual(before.context.completedTasks);
  },
});

describe('worker: heartbeat, health, recovery, shutdown', () => {
  it('heartbeats move forward only and drive the health check', () => {
    const worker = defineWorkerMachine({ heartbeatTimeoutMs: 10_000 }).start();
    expect(workerHealth(worker.context, 0)).toBe('unknown');
    worker.send({ type: 'HEARTBEAT', at: 1_000 });
    expect(captureError(() => worker.send({ type: 'HEARTBEAT', at: 500 }))).toBeInstanceOf(
      GuardRejectedError,
    );
    expect(worker.can('HEARTBEAT')).toBe(false); // no time given
    expect(workerHealth(worker.context, 11_000)).toBe('healthy');
    expect(workerHealth(worker.context, 11_001)).toBe('stale');
  });

  it('a stale busy worker is failed, releases its task and recovers to idle', () => {
    const worker = workerMachine.start();
    worker.send({ ...assign, at: 0 });
    expect(workerHealth(worker.context, 60_001)).toBe('stale');
    worker.send({ type: 'FAIL', error: 'heartbeat timeout' });
    expect(worker.context).toMatchObject({ taskId: null, failures: 1, error: 'heartbeat timeout' });
    worker.send({ type: 'RECOVER', at: 70_000 });
    expect(worker.state).toBe('IDLE');
    expect(workerHealth(worker.context, 70_000)).toBe('healthy');
  });

  it('graceful shutdown lets the current task finish', () => {
    const worker = workerMachine.start();
    worker.send(assign);
    worker.send('SHUTDOWN');
    expect(worker.state).toBe('DRAINING');
    expect(worker.can(assign)).toBe(false);
    worker.send('COMPLETE');
    expect(worker.state).toBe('TERMINATED');
    expect(worker.context.completedTasks).toBe(1);
  });

  it('refuses a bad timeout', () => {
    expect(() => defineWorkerMachine({ heartbeatTimeoutMs: 0 })).toThrow(InvalidOptionError);
  });
});
