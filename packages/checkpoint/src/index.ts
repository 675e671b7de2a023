export type {
  Backend,
  CheckpointRef,
  EncodedSnapshot,
  EntryWrite,
  MetaUpdate,
  NewCheckpoint,
  SnapshotEncoder,
  SnapshotEntry,
} from './backend.js';
export { BatchMismatchError, BatchUnfinishedError } from './batch-errors.js';
export { BatchRun } from './batch-run.js';
export type { BatchProgress } from './batch-status.js';
export { MAX_NOTES_LENGTH } from './checkpoint-notes.js';
export { decodeManifest, encodeEntries, encodeValue, hashBytes } from './content-tree.js';
export { type CopyOptions, copyNamespace } from './copy.js';
export { type EncodedKey, EncodedKeys } from './encoded-keys.js';
export {
  BackendError,
  ConflictError,
  CorruptEntryError,
  InvalidNameError,
  InvalidValueError,
  NotFoundError,
} from './errors.js';
export { JsonBackend } from './json-backend.js';
export type { JsonBackendOptions } from './json-options.js';
export { assertJson } from './json-value.js';
export { MemoryBackend } from './memory-backend.js';
export { assertName, MAX_NAME_LENGTH, type NameKind } from './names.js';
export { NodeCache, type StoredNode } from './node-cache.js';
export type { BackendOptions, OpenOptions } from './open-options.js';
export { planRetention } from './retention.js';
export {
  DEFAULT_MAX_AGE_MS,
  type HeartbeatOptions,
  SESSION_STATUSES,
  type SessionInfo,
  type SessionStatus,
  sessionIsStale,
  sessionNeedsRecovery,
} from './session-record.js';
export { type PruneResult, StateManager } from './state-manager.js';
export type {
  CheckpointInfo,
  CheckpointOptions,
  Clock,
  Entry,
  JsonValue,
  PrunePlan,
  RetentionPolicy,
  SaveOptions,
  SaveResult,
} from './types.js';
