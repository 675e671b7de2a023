import { BatchMismatchError, BatchUnfinishedError } from './batch-errors.js';
import {
  BackendError,
  ConflictError,
  CorruptEntryError,
  InvalidNameError,
  InvalidValueError,
  NotFoundError,
} from './errors.js';

/** The errors a manager passes on as they are: the package's own, documented ones. */
const OURS = [
  BatchMismatchError,
  BatchUnfinishedError,
  ConflictError,
  CorruptEntryError,
  InvalidNameError,
  InvalidValueError,
  NotFoundError,
  BackendError,
];

/**
 * Runs `op`, a manager's (or a BatchRun's) call of its backend: an error of this package comes out as it is,
 * any other (a driver's, the file system's) as a BackendError of backend `kind` doing
 * `operation`, with the original as `cause`.
 */
export async function callBackend<T>(kind: string, operation: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (OURS.some((C) => err instanceof C)) throw err;
    throw new BackendError(kind, operation, { cause: err });
  }
}
