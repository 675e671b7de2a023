import { EventLog, GuardRejectedError } from '@steadystate/state-machine';
import {
  applyBlockers,
  definePatchLedgerMachine,
  defineTaskMachine,
  defineTestGateMachine,
} from '@steadystate/state-machine/workflow';

const log = new EventLog('.state/transitions.jsonl');
const opts = (entity) => ({ entity, sinks: [log] });

const gate = defineTestGateMachine({ suite: 'npm test', timeoutMs: 120_000 }).start(
  undefined,
  opts('gate-unit'),
);
const task = defineTaskMachine({ dependencies: { gates: ['unit'] }, maxRetries: 2 }).start(
  undefined,
  opts('task-42'),
);
const patch = definePatchLedgerMachine({ requiredGates: ['unit'] }).start(undefined, opts('patch-7'));

console.log(task.can({ type: 'QUEUE', passedGates: [] })); // false: gate "unit" has not passed
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
console.log(gate.state, task.state, patch.state, task.context.retries); // PASSED RETRYING VERIFIED 1
console.log(await log.verify()); // { ok: true, lines: 12, files: 1, lastSeq: 12 }
