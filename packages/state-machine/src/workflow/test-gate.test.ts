import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardRejectedError, InvalidOptionError } from '../errors.js';
import {
  defineTestGateMachine,
  isGateTimedOut,
  type TestGateContext,
  type TestGateEvent,
  type TestGateState,
} from './test-gate.js';
import { captureError, describeMachine } from './testing/walk.js';
import { timeInState } from './time-in-state.js';

const EVENTS: TestGateEvent[] = ['RUN', 'PASS', 'FAIL', 'TIMEOUT', 'BLOCK', 'UNBLOCK'];
const machine = defineTestGateMachine({ suite: 'npm test', timeoutMs: 60_000 });

describeMachine<TestGateState, TestGateEvent, TestGateContext>('test-gate', {
  machine,
  table: [
    ['PENDING', 'RUN', 'RUNNING'],
    ['PENDING', 'BLOCK', 'BLOCKED'],
    ['BLOCKED', 'UNBLOCK', 'PENDING'],
    ['RUNNING', 'PASS', 'PASSED'],
    ['RUNNING', 'FAIL', 'FAILED'],
    ['RUNNING', 'TIMEOUT', 'FAILED'],
  ],
  paths: {
    PENDING: [],
    BLOCKED: ['BLOCK'],
    RUNNING: ['RUN'],
    PASSED: ['RUN', 'PASS'],
    FAILED: ['RUN', 'FAIL'],
  },
  payloads: { PASS: { results: { passed: 10, failed: 0, skipped: 1 } }, TIMEOUT: { now: 9e15 } },
  step: fc.record({
    dt: fc.nat({ max: 40_000 }),
    event: fc.record(
      {
        type: fc.constantFrom(...EVENTS),
        results: fc.record({ passed: fc.nat(5), failed: fc.nat(2), skipped: fc.nat(2) }),
        error: fc.constant('red'),
      },
      { requiredKeys: ['type'] },
    ),
  }),
  invariant: (actor, before, event, accepted) => {
    const c = actor.context;
    if (actor.state === 'PASSED') expect(c.results?.failed ?? 0).toBe(0);
    if (actor.state === 'RUNNING' || actor.state === 'PASSED') expect(c.startedAt).not.toBeNull();
    if (accepted && actor.state === 'PASSED' && before.state === 'RUNNING') {
      expect(isGateTimedOut(c, event.now as number)).toBe(false);
    }
  },
});

describe('test-gate: results and timeout', () => {
  it('a result with failures cannot pass the gate; FAIL records it', () => {
    const gate = machine.start();
    gate.send({ type: 'RUN', now: 0 });
    const red = { passed: 3, failed: 1, skipped: 0 };
    expect(captureError(() => gate.send({ type: 'PASS', results: red }))).toBeInstanceOf(GuardRejectedError);
    expect(gate.can({ type: 'PASS', results: { passed: -1 } })).toBe(false);
    expect(gate.can({ type: 'PASS', results: 'green' })).toBe(false);
    expect(gate.can({ type: 'FAIL', results: { failed: 'many' } })).toBe(false);
    expect(gate.can({ type: 'PASS', results: { passed: 4 } })).toBe(true); // missing counts are 0
    gate.send({ type: 'FAIL', results: red });
    expect(gate.context).toMatchObject({ results: red, error: 'tests failed' });
  });

  it('times out only after timeoutMs, and a late result cannot pass', () => {
    let t = 0;
    const gate = machine.start(undefined, { clock: { now: () => t } });
    expect(gate.can('RUN')).toBe(false); // the start time is required
    gate.send({ type: 'RUN', now: 1_000 });
    expect(gate.can({ type: 'TIMEOUT', now: 61_000 })).toBe(false);
    expect(gate.can({ type: 'PASS', now: 61_001 })).toBe(false);
    t = 61_001;
    gate.send({ type: 'TIMEOUT', now: 61_001 });
    expect(gate.state).toBe('FAILED');
    expect(gate.context.error).toBe('timeout');
    expect(timeInState(gate.history, 'RUNNING', 1e9)).toBe(61_001);
  });

  it('block and unblock return the gate to pending; options are checked', () => {
    const gate = machine.start();
    gate.send({ type: 'BLOCK', reason: 'fixtures missing' });
    expect(gate.context.error).toBe('fixtures missing');
    gate.send('UNBLOCK');
    expect(gate.context.error).toBeNull();
    expect(gate.context.suite).toBe('npm test');
    expect(() => defineTestGateMachine({ timeoutMs: -5 })).toThrow(InvalidOptionError);
  });
});
