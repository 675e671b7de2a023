import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardRejectedError, InvalidOptionError } from '../errors.js';
import {
  defineTaskMachine,
  type TaskContext,
  type TaskEvent,
  type TaskState,
  unmetDependencies,
} from './task.js';
import { captureError, describeMachine, fakeClock } from './testing/walk.js';
import { timeInState } from './time-in-state.js';

const EVENTS: TaskEvent[] = [
  'QUEUE',
  'BLOCK',
  'UNBLOCK',
  'ASSIGN',
  'VALIDATE',
  'PASS',
  'RETRY',
  'REQUEUE',
  'FAIL',
  'CANCEL',
];
const machine = defineTaskMachine({ dependencies: { tasks: ['t1', 't2'], gates: ['g1'] }, maxRetries: 2 });
const ready = { type: 'QUEUE', completedTasks: ['t1', 't2'], passedGates: ['g1'] } as const;
const assign = { type: 'ASSIGN', workerId: 'w1' } as const;

describeMachine<TaskState, TaskEvent, TaskContext>('task', {
  machine,
  table: [
    ['PENDING', 'QUEUE', 'QUEUED'],
    ['PENDING', 'BLOCK', 'BLOCKED'],
    ['PENDING', 'CANCEL', 'CANCELLED'],
    ['BLOCKED', 'UNBLOCK', 'PENDING'],
    ['BLOCKED', 'CANCEL', 'CANCELLED'],
    ['QUEUED', 'ASSIGN', 'RUNNING'],
    ['QUEUED', 'CANCEL', 'CANCELLED'],
    ['RUNNING', 'VALIDATE', 'VALIDATING'],
    ['RUNNING', 'RETRY', 'RETRYING'],
    ['RUNNING', 'FAIL', 'FAILED'],
    ['RUNNING', 'CANCEL', 'CANCELLED'],
    ['VALIDATING', 'PASS', 'COMPLETED'],
    ['VALIDATING', 'FAIL', 'FAILED'],
    ['RETRYING', 'REQUEUE', 'QUEUED'],
    ['RETRYING', 'CANCEL', 'CANCELLED'],
  ],
  paths: {
    PENDING: [],
    BLOCKED: ['BLOCK'],
    QUEUED: [ready],
    RUNNING: [ready, assign],
    VALIDATING: [ready, assign, 'VALIDATE'],
    RETRYING: [ready, assign, 'RETRY'],
    COMPLETED: [ready, assign, 'VALIDATE', 'PASS'],
    FAILED: [ready, assign, 'FAIL'],
    CANCELLED: ['CANCEL'],
  },
  payloads: { QUEUE: { completedTasks: ['t1', 't2'], passedGates: ['g1'] }, ASSIGN: { workerId: 'w1' } },
  step: fc.record({
    dt: fc.nat({ max: 5_000 }),
    event: fc.record(
      {
        type: fc.constantFrom(...EVENTS),
        completedTasks: fc.constantFrom(['t1', 't2', 't3'], ['t2', 't1'], ['t1']),
        passedGates: fc.constantFrom(['g1'], ['g2', 'g1'], []),
        workerId: fc.constantFrom('w1', 'w2', ''),
        error: fc.string({ maxLength: 3 }),
      },
      { requiredKeys: ['type'] },
    ),
  }),
  invariant: (actor, before, event, accepted) => {
    const c = actor.context;
    expect(c.retries).toBeLessThanOrEqual(c.maxRetries);
    expect(c.attempts).toBeLessThanOrEqual(c.retries + 1);
    expect(c.workerId !== null).toBe(actor.state === 'RUNNING' || actor.state === 'VALIDATING');
    if (accepted && before.state === 'PENDING' && actor.state === 'QUEUED') {
      expect(unmetDependencies(c, event as never)).toEqual({ tasks: [], gates: [] });
    }
  },
});

describe('task: guards', () => {
  it('a task with unmet dependencies cannot be queued, and says which are missing', () => {
    const task = machine.start();
    const partial = { type: 'QUEUE', completedTasks: ['t1'], passedGates: [] } as const;
    expect(task.can(partial)).toBe(false);
    expect(captureError(() => task.send(partial))).toBeInstanceOf(GuardRejectedError);
    expect(task.can('QUEUE')).toBe(false);
    expect(unmetDependencies(task.context, partial)).toEqual({ tasks: ['t2'], gates: ['g1'] });
    expect(task.state).toBe('PENDING');
    task.send(ready);
    expect(task.state).toBe('QUEUED');
  });

  it('a task without dependencies queues with an empty report', () => {
    const task = defineTaskMachine().start();
    task.send('QUEUE');
    expect(task.state).toBe('QUEUED');
  });

  it('retries stop at maxRetries: the next failure must be FAIL', () => {
    const task = machine.start(undefined, { clock: fakeClock() });
    task.send(ready);
    for (let i = 1; i <= 2; i++) {
      task.send(assign);
      task.send({ type: 'RETRY', error: `transient ${i}` });
      expect(task.context).toMatchObject({
        retries: i,
        attempts: i,
        workerId: null,
        error: `transient ${i}`,
      });
      task.send('REQUEUE');
    }
    task.send(assign);
    expect(task.can('RETRY')).toBe(false);
    expect(captureError(() => task.send('RETRY'))).toMatchObject({ code: 'EGUARD', target: 'RETRYING' });
    task.send({ type: 'FAIL', error: 'gave up' });
    expect(task.state).toBe('FAILED');
    expect(task.context).toMatchObject({ retries: 2, attempts: 3, error: 'gave up' });
  });

  it('maxRetries 0 means one attempt only; bad options are refused', () => {
    const task = defineTaskMachine({ maxRetries: 0 }).start();
    task.send('QUEUE');
    task.send(assign);
    expect(task.can('RETRY')).toBe(false);
    expect(() => defineTaskMachine({ maxRetries: -1 })).toThrow(InvalidOptionError);
    expect(() => defineTaskMachine({ maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(() => defineTaskMachine({ dependencies: { tasks: [''] } })).toThrow(InvalidOptionError);
  });

  it('assignment needs a worker id; cancellation releases the worker', () => {
    const task = machine.start();
    task.send(ready);
    expect(task.can({ type: 'ASSIGN' })).toBe(false);
    task.send(assign);
    expect(task.context.workerId).toBe('w1');
    task.send('CANCEL');
    expect(task.state).toBe('CANCELLED');
    expect(task.context.workerId).toBeNull();
  });

  it('execution time is the time spent RUNNING, retries included', () => {
    let t = 0;
    const task = machine.start(undefined, { clock: { now: () => t } });
    task.send(ready);
    t = 100;
    task.send(assign);
    t = 400;
    task.send('RETRY');
    t = 1_000;
    task.send('REQUEUE');
    task.send(assign);
    t = 1_500;
    task.send('VALIDATE');
    expect(timeInState(task.history, 'RUNNING', 9_999)).toBe(300 + 500);
  });

  it('each actor gets its own copy of the configured context, which nobody can change', () => {
    const a = machine.start();
    expect(() => (a.context.dependencies.tasks as string[]).push('mutated')).toThrow(TypeError);
    const b = machine.start();
    expect(b.context.dependencies.tasks).toEqual(['t1', 't2']);
    expect(b.context.dependencies).not.toBe(a.context.dependencies);
  });
});
