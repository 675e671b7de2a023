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
  InvalidOptionError,
  InvalidTransitionError,
  MachineDefinitionError,
  SinkError,
  SnapshotError,
} from './errors.js';
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
