import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardRejectedError, InvalidOptionError } from '../errors.js';
import { captureError, describeMachine } from './testing/walk.js';
import {
  defineWorkstreamMachine,
  isCriticalTask,
  type WorkstreamContext,
  type WorkstreamEvent,
  type WorkstreamState,
  workstreamProgress,
} from './workstream.js';

const EVENTS: WorkstreamEvent[] = [
  'READY',
  'START',
  'TASK_COMPLETED',
  'TASK_FAILED',
  'PAUSE',
  'RESUME',
  'BLOCK',
  'UNBLOCK',
  'VALIDATE',
  'PASS',
  'FAIL',
  'CANCEL',
];
const machine = defineWorkstreamMachine({ tasks: 2, criticalTasks: ['core'] });
const running: WorkstreamEvent[] = ['READY', 'START'];
const settled = ['TASK_COMPLETED', 'TASK_COMPLETED'] as const;

describeMachine<WorkstreamState, WorkstreamEvent, WorkstreamContext>('workstream', {
  machine,
  table: [
    ['PENDING', 'READY', 'READY'],
    ['PENDING', 'BLOCK', 'BLOCKED'],
    ['PENDING', 'CANCEL', 'CANCELLED'],
    ['READY', 'START', 'RUNNING'],
    ['READY', 'CANCEL', 'CANCELLED'],
    ['RUNNING', 'TASK_COMPLETED', 'RUNNING'],
    ['RUNNING', 'TASK_FAILED', 'RUNNING'],
    ['RUNNING', 'PAUSE', 'PAUSED'],
    ['RUNNING', 'BLOCK', 'BLOCKED'],
    ['RUNNING', 'VALIDATE', 'VALIDATING', settled],
    ['RUNNING', 'FAIL', 'FAILED'],
    ['RUNNING', 'CANCEL', 'CANCELLED'],
    ['PAUSED', 'RESUME', 'RUNNING'],
    ['PAUSED', 'CANCEL', 'CANCELLED'],
    ['BLOCKED', 'UNBLOCK', 'PENDING'],
    ['BLOCKED', 'CANCEL', 'CANCELLED'],
    ['VALIDATING', 'PASS', 'COMPLETED'],
    ['VALIDATING', 'FAIL', 'FAILED'],
  ],
  paths: {
    PENDING: [],
    READY: ['READY'],
    RUNNING: running,
    PAUSED: [...running, 'PAUSE'],
    BLOCKED: ['BLOCK'],
    VALIDATING: [...running, ...settled, 'VALIDATE'],
    COMPLETED: [...running, ...settled, 'VALIDATE', 'PASS'],
    FAILED: [...running, { type: 'FAIL', taskId: 'core' }],
    CANCELLED: ['CANCEL'],
  },
  payloads: { TASK_FAILED: { taskId: 'minor' } },
  step: fc.record({
    dt: fc.nat({ max: 5_000 }),
    event: fc.record(
      {
        type: fc.constantFrom(...EVENTS),
        tasks: fc.nat({ max: 4 }),
        taskId: fc.constantFrom('core', 'minor'),
      },
      { requiredKeys: ['type'] },
    ),
  }),
  invariant: (actor, before) => {
    const now = actor.context.tasks;
    const was = before.context.tasks;
    expect(now.completed + now.failed).toBeLessThanOrEqual(now.total);
    expect(now.completed).toBeGreaterThanOrEqual(was.completed);
    expect(now.failed).toBeGreaterThanOrEqual(was.failed);
    if (actor.state === 'VALIDATING' || actor.state === 'COMPLETED') {
      expect(now.completed + now.failed).toBe(now.total);
    }
  },
});

describe('workstream: guards and progress', () => {
  it('progress comes from tasks and cannot pass the task count', () => {
    const ws = machine.start();
    ws.send('READY');
    ws.send('START');
    ws.send('TASK_COMPLETED');
    expect(workstreamProgress(ws.context)).toEqual({ settled: 1, remaining: 1, percent: 50 });
    expect(ws.can('VALIDATE')).toBe(false);
    ws.send({ type: 'TASK_FAILED', taskId: 'minor' });
    expect(ws.can('TASK_COMPLETED')).toBe(false);
    expect(captureError(() => ws.send('TASK_COMPLETED'))).toBeInstanceOf(GuardRejectedError);
    ws.send('VALIDATE');
    ws.send('PASS');
    expect(ws.context.tasks).toEqual({ total: 2, completed: 1, failed: 1 });
  });

  it('a critical task cannot be counted as an ordinary failure: it fails the workstream', () => {
    const ws = machine.start();
    ws.send('READY');
    ws.send('START');
    expect(isCriticalTask(ws.context, 'core')).toBe(true);
    expect(ws.can({ type: 'TASK_FAILED', taskId: 'core' })).toBe(false);
    const t = ws.send({ type: 'FAIL', taskId: 'core' });
    expect(t.record.severity).toBe('CRITICAL');
    expect(ws.state).toBe('FAILED');
    expect(ws.context.error).toBe('core');
  });

  it('START may set the task count, never below the tasks already settled; blocking keeps progress', () => {
    const ws = defineWorkstreamMachine().start();
    ws.send('READY');
    ws.send({ type: 'START', tasks: 3 });
    ws.send('TASK_COMPLETED');
    ws.send('TASK_COMPLETED');
    ws.send('BLOCK');
    ws.send('UNBLOCK');
    ws.send('READY');
    expect(ws.can({ type: 'START', tasks: 1 })).toBe(false);
    ws.send('START');
    expect(ws.context.tasks).toEqual({ total: 3, completed: 2, failed: 0 });
  });

  it('refuses bad options', () => {
    expect(() => defineWorkstreamMachine({ tasks: -1 })).toThrow(InvalidOptionError);
    expect(() => defineWorkstreamMachine({ criticalTasks: [3 as unknown as string] })).toThrow(
      /criticalTasks/,
    );
  });
});
