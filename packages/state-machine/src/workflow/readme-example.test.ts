import { join } from 'node:path';
import { tempDir } from '@steadystate/testkit';
import { expect, it } from 'vitest';

// The example of the README's "Workflow machines" section, against the built package.
it('README workflow example', async () => {
  const dir = tempDir();
  // --- README example starts ---
  const { EventLog, GuardRejectedError } = await import('@steadystate/state-machine');
  const { defineTaskMachine, defineTestGateMachine, definePatchLedgerMachine, applyBlockers } = await import(
    '@steadystate/state-machine/workflow'
  );

  const log = new EventLog(join(dir, 'transitions.jsonl'));
  const opts = (entity: string) => ({ entity, sinks: [log] });

  const gate = defineTestGateMachine({ suite: 'npm test', timeoutMs: 120_000 }).start(
    undefined,
    opts('gate-unit'),
  );
  const task = defineTaskMachine({ dependencies: { gates: ['unit'] }, maxRetries: 2 }).start(
    undefined,
    opts('task-42'),
  );
  const patch = definePatchLedgerMachine({ requiredGates: ['unit'] }).start(undefined, opts('patch-7'));

  task.can({ type: 'QUEUE', passedGates: [] }); // false: gate "unit" has not passed
  gate.send({ type: 'RUN', now: Date.now() });
  gate.send({ type: 'PASS', results: { passed: 120, failed: 0, skipped: 3 }, now: Date.now() });
  const passedGates = gate.state === 'PASSED' ? ['unit'] : [];

  task.send({ type: 'QUEUE', passedGates });
  task.send({ type: 'ASSIGN', workerId: 'worker-1' });
  // a transient failure: retry while the budget lasts, then fail for good
  task.send(task.can('RETRY') ? { type: 'RETRY', error: 'ETIMEDOUT' } : { type: 'FAIL', error: 'ETIMEDOUT' });

  patch.send('VALIDATE');
  for (const stage of ['format', 'scope', 'conflicts']) patch.send({ type: 'STAGE_PASSED', stage });
  patch.send('STAGE');
  try {
    patch.send({ type: 'APPLY', passedGates: [] });
  } catch (error) {
    if (!(error instanceof GuardRejectedError)) throw error;
    console.log(applyBlockers(patch.context, { passedGates: [] })); // [ 'gate unit has not passed' ]
  }
  patch.send({ type: 'APPLY', passedGates });
  patch.send('VERIFY');

  await Promise.all([gate.flush(), task.flush(), patch.flush()]); // every record handed to the log
  console.log(await log.verify()); // { ok: true, lines: 12, files: 1, lastSeq: 12 }
  // --- README example ends ---

  expect([gate.state, task.state, patch.state]).toEqual(['PASSED', 'RETRYING', 'VERIFIED']);
  expect(task.context).toMatchObject({ retries: 1, attempts: 1, error: 'ETIMEDOUT' });
  expect(await log.verify()).toMatchObject({ ok: true, lines: 12 });
  const lines = await log.query({ entity: 'patch-7' });
  expect(lines.map((l) => l.to_state)).toEqual([
    'VALIDATING',
    'VALIDATING',
    'VALIDATING',
    'VALIDATING',
    'STAGED',
    'APPLIED',
    'VERIFIED',
  ]);
});
