import { describe, expect, it } from 'vitest';
import { GuardRejectedError } from '../errors.js';
import type { TransitionRecord } from '../types.js';
import { applyBlockers, definePatchLedgerMachine } from './patch-ledger.js';
import { defineTaskMachine } from './task.js';
import { defineTestGateMachine, type TestGateActor } from './test-gate.js';
import { captureError, fakeClock } from './testing/walk.js';
import { defineWorkerMachine } from './worker.js';
import { defineWorkstreamMachine } from './workstream.js';

/** The gates that have passed, as the patch and task guards want them. */
const passed = (gates: Record<string, TestGateActor>) =>
  Object.entries(gates)
    .filter(([, gate]) => gate.state === 'PASSED')
    .map(([id]) => id);

describe('workflow integration (seed 002)', () => {
  it('gate blocks patch flow: a failing test gate keeps a patch from being applied', () => {
    const clock = fakeClock();
    const gates = {
      unit: defineTestGateMachine({ suite: 'npm test' }).start(undefined, { clock, entity: 'unit' }),
    };
    const patch = definePatchLedgerMachine({ stages: ['format'], requiredGates: ['unit'] }).start(undefined, {
      clock,
    });

    gates.unit.send({ type: 'RUN', now: clock.now() });
    gates.unit.send({ type: 'FAIL', results: { passed: 8, failed: 2, skipped: 0 } });
    patch.send('VALIDATE');
    patch.send({ type: 'STAGE_PASSED', stage: 'format' });
    patch.send('STAGE');

    const apply = { type: 'APPLY', passedGates: passed(gates) } as const;
    expect(patch.can(apply)).toBe(false);
    expect(applyBlockers(patch.context, apply)).toEqual(['gate unit has not passed']);
    expect(captureError(() => patch.send(apply))).toBeInstanceOf(GuardRejectedError);
    expect(patch.state).toBe('STAGED');
    // a failed gate is terminal: it cannot be re-run into PASSED, so the patch is quarantined
    expect(gates.unit.can('RUN')).toBe(false);
    patch.send({ type: 'QUARANTINE', error: 'gate unit failed' });
    expect(patch.state).toBe('QUARANTINED');
    expect(patch.can(apply)).toBe(false);
  });

  it('complete patch lifecycle with gates: task, worker, gates and patch reach their final states', () => {
    const clock = fakeClock();
    const records: TransitionRecord[] = [];
    const sink = { write: (r: TransitionRecord) => void records.push(r) };
    const opts = (entity: string) => ({ clock, entity, sinks: [sink] });

    const gates = {
      unit: defineTestGateMachine({ suite: 'unit' }).start(undefined, opts('gate-unit')),
      lint: defineTestGateMachine({ suite: 'lint' }).start(undefined, opts('gate-lint')),
    };
    const ws = defineWorkstreamMachine({ tasks: 1 }).start(undefined, opts('ws-1'));
    const task = defineTaskMachine({ dependencies: { gates: ['unit', 'lint'] } }).start(
      undefined,
      opts('task-1'),
    );
    const worker = defineWorkerMachine().start(undefined, opts('worker-1'));
    const patch = definePatchLedgerMachine({ requiredGates: ['unit', 'lint'] }).start(
      undefined,
      opts('patch-1'),
    );

    ws.send('READY');
    ws.send('START');
    // the task waits for both gates
    expect(task.can({ type: 'QUEUE', passedGates: passed(gates) })).toBe(false);
    for (const gate of Object.values(gates)) {
      gate.send({ type: 'RUN', now: clock.now() });
      gate.send({ type: 'PASS', results: { passed: 12, failed: 0, skipped: 0 }, now: clock.now() });
    }
    task.send({ type: 'QUEUE', passedGates: passed(gates) });
    worker.send({ type: 'ASSIGN', taskId: 'task-1', at: clock.now() });
    task.send({ type: 'ASSIGN', workerId: 'worker-1' });

    // the task's output is a patch: validated stage by stage, applied behind the gates, verified
    patch.send('VALIDATE');
    for (const stage of ['format', 'scope', 'conflicts']) patch.send({ type: 'STAGE_PASSED', stage });
    patch.send('STAGE');
    patch.send({ type: 'APPLY', passedGates: passed(gates) });
    patch.send('VERIFY');

    task.send('VALIDATE');
    task.send('PASS');
    worker.send('COMPLETE');
    ws.send('TASK_COMPLETED');
    ws.send('VALIDATE');
    ws.send('PASS');

    expect([gates.unit.state, gates.lint.state, task.state, worker.state, patch.state, ws.state]).toEqual([
      'PASSED',
      'PASSED',
      'COMPLETED',
      'IDLE',
      'VERIFIED',
      'COMPLETED',
    ]);
    // one audit trail for every entity, in seed 002's canonical fields, times never going back
    expect(records.filter((r) => r.entity_id === 'patch-1').map((r) => r.to_state)).toEqual([
      'VALIDATING',
      'VALIDATING',
      'VALIDATING',
      'VALIDATING',
      'STAGED',
      'APPLIED',
      'VERIFIED',
    ]);
    expect(records.find((r) => r.entity_id === 'task-1' && r.event_type === 'QUEUE')?.payload).toMatchObject({
      passedGates: ['unit', 'lint'],
    });
    const times = records.map((r) => Date.parse(r.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
