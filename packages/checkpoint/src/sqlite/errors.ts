import { BackendError, ConflictError, NotFoundError } from '../errors.js';

/* How the SQLite backend reports failures. */

/** An error from the caller's `encode` callback: passed through untouched, never wrapped. */
export class CallerError {
  constructor(readonly error: unknown) {}
}

/** Conflicts and missing checkpoints keep their own errors; anything else is the storage failing. */
export function wrap(operation: string, error: unknown): Error {
  if (error instanceof ConflictError || error instanceof NotFoundError || error instanceof BackendError)
    return error;
  return new BackendError('sqlite', operation, { cause: error });
}
