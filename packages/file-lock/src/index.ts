export {
  LockAbortedError,
  LockCompromisedError,
  LockFailedError,
  LockOptionError,
  LockTimeoutError,
} from './errors.js';
export type { LockHandle } from './handle.js';
export { inspectQueue, lock, withLock } from './lock.js';
export type { LockOptions } from './options.js';
export { inspectLock, type LockOwner } from './owner.js';
export type { QueueStats } from './path-queue.js';
