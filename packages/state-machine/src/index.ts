export type { Actor } from './actor.js';
export {
  type ContextOf,
  defineMachine,
  type EventOf,
  type Machine,
  type StateOf,
} from './define-machine.js';
export {
  EventLogCorruptError,
  GuardRejectedError,
  InvalidContextError,
  InvalidOptionError,
  InvalidTransitionError,
  MachineDefinitionError,
  SchemaVersionError,
  SinkError,
  SnapshotError,
} from './errors.js';
export { type EventInput, EventLog } from './event-log.js';
export type { EventLogOptions } from './event-log-options.js';
export type { EventQuery } from './event-query.js';
export type { RepairResult, TornTail } from './log-files.js';
export { type ChainHead, GENESIS, type LogLine } from './log-line.js';
export type { VerifyResult } from './log-verify.js';
export type { StartOptions } from './options.js';
export type {
  Action,
  Clock,
  EventObject,
  Guard,
  HistoryEntry,
  MachineDefinition,
  MachineSnapshot,
  Severity,
  StateConfig,
  Transition,
  TransitionConfig,
  TransitionRecord,
  TransitionSink,
} from './types.js';
