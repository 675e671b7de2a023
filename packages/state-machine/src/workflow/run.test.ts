import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardRejectedError } from '../errors.js';
import { type RunContext, type RunEvent, type RunState, runCompletion, runMachine } from './run.js';
import { captureError, describeMachine, fakeClock } from './testing/walk.js';
import { timeInState } from './time-in-state.js';

const EVENTS: RunEvent[] = ['START', 'PROGRESS', 'PAUSE', 'RESUME', 'COMPLETE', 'FAIL'];
const start = { type: 'START', workstreams: 2 } as const;

describeMachine<RunState, RunEvent, RunContext>('run', {
  machine: runMachine,
  table: [
    ['INITIALIZING', 'START', 'RUNNING'],
    ['INITIALIZING', 'FAIL', 'FAILED'],
    ['RUNNING', 'PROGRESS', 'RUNNING'],
    ['RUNNING', 'PAUSE', 'PAUSED'],
    ['RUNNING', 'COMPLETE', 'COMPLETED', [{ type: 'PROGRESS', completed: 2 }]],
    ['RUNNING', 'FAIL', 'FAILED'],
    ['PAUSED', 'RESUME', 'RUNNING'],
    ['PAUSED', 'FAIL', 'FAILED'],
  ],
  paths: {
    INITIALIZING: [],
    RUNNING: [start],
    PAUSED: [start, 'PAUSE'],
    COMPLETED: [start, { type: 'PROGRESS', completed: 2 }, 'COMPLETE'],
    FAILED: ['FAIL'],
  },
  payloads: { START: { workstreams: 2 }, PROGRESS: { completed: 1, failed: 0 }, FAIL: { error: 'boom' } },
  step: fc.record({
    dt: fc.nat({ max: 5_000 }),
    event: fc.record(
      {
        type: fc.constantFrom(...EVENTS),
        workstreams: fc.nat({ max: 4 }),
        completed: fc.nat({ max: 4 }),
        failed: fc.nat({ max: 2 }),
      },
      { requiredKeys: ['type'] },
    ),
  }),
  invariant: (actor, before) => {
    const w = actor.context.workstreams;
    expect(w.completed + w.failed).toBeLessThanOrEqual(w.total);
    if (before.state !== 'INITIALIZING') {
      expect(w.total).toBe(before.context.workstreams.total);
      expect(w.completed).toBeGreaterThanOrEqual(before.context.workstreams.completed);
      expect(w.failed).toBeGreaterThanOrEqual(before.context.workstreams.failed);
    }
    if (actor.state === 'COMPLETED') expect(w.completed).toBe(w.total);
  },
});

describe('run: guards and helpers', () => {
  it('progress never goes back and never exceeds the number of workstreams', () => {
    const run = runMachine.start(undefined, { clock: fakeClock() });
    run.send({ type: 'START', workstreams: 3 });
    run.send({ type: 'PROGRESS', completed: 2, failed: 1 });
    expect(captureError(() => run.send({ type: 'PROGRESS', completed: 1, failed: 1 }))).toBeInstanceOf(
      GuardRejectedError,
    );
    expect(run.can({ type: 'PROGRESS', completed: 3, failed: 1 })).toBe(false);
    expect(run.can({ type: 'PROGRESS', completed: 1.5 })).toBe(false);
    expect(run.context.workstreams).toEqual({ total: 3, completed: 2, failed: 1 });
  });

  it('completes only when every workstream completed, and reports the percentage', () => {
    const run = runMachine.start();
    run.send({ type: 'START', workstreams: 4 });
    run.send({ type: 'PROGRESS', completed: 1 });
    expect(runCompletion(run.context)).toBe(25);
    expect(captureError(() => run.send('COMPLETE'))).toMatchObject({ code: 'EGUARD', target: 'COMPLETED' });
    run.send({ type: 'PROGRESS', completed: 4 });
    run.send('COMPLETE');
    expect(run.state).toBe('COMPLETED');
    expect(runCompletion(runMachine.start().context)).toBe(0);
  });

  it('a failure keeps its error; a terminal run refuses everything', () => {
    const run = runMachine.start();
    run.send({ type: 'START', workstreams: 1 });
    run.send({ type: 'FAIL', error: 'database down' });
    expect(run.context.error).toBe('database down');
    for (const event of EVENTS) expect(run.can(event)).toBe(false);
  });

  it('active duration excludes the pause (timeInState on a fake clock)', () => {
    let t = 0;
    const run = runMachine.start(undefined, { clock: { now: () => t } });
    t = 1_000;
    run.send({ type: 'START', workstreams: 1 });
    t = 4_000;
    run.send({ type: 'PROGRESS', completed: 0, failed: 0 });
    t = 5_000;
    run.send('PAUSE');
    t = 65_000;
    run.send('RESUME');
    expect(timeInState(run.history, 'RUNNING', 70_000)).toBe(4_000 + 5_000);
    t = 75_000;
    run.send({ type: 'PROGRESS', completed: 1 });
    run.send('COMPLETE');
    expect(timeInState(run.history, 'RUNNING', 1e9)).toBe(4_000 + 10_000);
    expect(timeInState(run.history, 'PAUSED', 1e9)).toBe(60_000);
  });
});
