/**
 * `@steadystate/state-machine/workflow`: the workflow machines of seed 002 (run, task,
 * workstream, worker, patch ledger, test gate, circuit breaker) defined with `defineMachine`.
 */
export {
  type BreakerActor,
  type BreakerContext,
  type BreakerEvent,
  type BreakerOptions,
  type BreakerState,
  circuitBreakerMachine,
  defineCircuitBreakerMachine,
  initialBreakerContext,
} from './workflow/circuit-breaker.js';
export {
  applyBlockers,
  definePatchLedgerMachine,
  initialPatchContext,
  isPatchExpired,
  nextPatchStage,
  type PatchActor,
  type PatchContext,
  type PatchEvent,
  type PatchLedgerOptions,
  type PatchState,
  patchLedgerMachine,
} from './workflow/patch-ledger.js';
export {
  type RunActor,
  type RunContext,
  type RunEvent,
  type RunState,
  runCompletion,
  runMachine,
} from './workflow/run.js';
export {
  type DoneWork,
  defineTaskMachine,
  initialTaskContext,
  type TaskActor,
  type TaskContext,
  type TaskEvent,
  type TaskOptions,
  type TaskState,
  taskMachine,
  unmetDependencies,
} from './workflow/task.js';
export {
  defineTestGateMachine,
  initialTestGateContext,
  isGateTimedOut,
  type TestGateActor,
  type TestGateContext,
  type TestGateEvent,
  type TestGateOptions,
  type TestGateState,
  type TestResults,
  testGateMachine,
} from './workflow/test-gate.js';
export { timeInState } from './workflow/time-in-state.js';
export {
  defineWorkerMachine,
  initialWorkerContext,
  type WorkerActor,
  type WorkerContext,
  type WorkerEvent,
  type WorkerOptions,
  type WorkerState,
  workerHealth,
  workerMachine,
} from './workflow/worker.js';
export {
  defineWorkstreamMachine,
  initialWorkstreamContext,
  isCriticalTask,
  type WorkstreamActor,
  type WorkstreamContext,
  type WorkstreamEvent,
  type WorkstreamOptions,
  type WorkstreamState,
  workstreamMachine,
  workstreamProgress,
} from './workflow/workstream.js';
