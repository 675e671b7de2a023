export type { Backend, EncodedSnapshot } from './backend.js';
export { BackendError, ConflictError, InvalidNameError, InvalidValueError, NotFoundError } from './errors.js';
export type { CheckpointInfo, Clock, Entry, JsonValue, PrunePlan, RetentionPolicy } from './types.js';
