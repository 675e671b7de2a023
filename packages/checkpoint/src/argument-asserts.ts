import { InvalidValueError, shown } from './errors.js';
import { assertName } from './names.js';

/* Checks of the StateManager's arguments that are not names (see names.ts) or values (json-value.ts). */

/** An `ifRevision` option: absent, or an integer >= 0. */
export function assertRevision(rev: unknown): asserts rev is number | undefined {
  if (rev !== undefined && !(Number.isInteger(rev) && (rev as number) >= 0)) {
    throw new InvalidValueError('ifRevision', `${shown(rev)} (expected an integer >= 0)`);
  }
}

/** The `checkpoint` option of `save`: a boolean, or a valid checkpoint name. */
export function assertCheckpointOption(cp: unknown): asserts cp is boolean | string {
  if (typeof cp === 'string') assertName('checkpoint', cp);
  else if (typeof cp !== 'boolean')
    throw new InvalidValueError('checkpoint', `${shown(cp)} (expected a boolean or a checkpoint name)`);
}

/** The `maxAgeMs` of `isStale`: a number >= 0. */
export function assertMaxAge(maxAgeMs: unknown): asserts maxAgeMs is number {
  if (typeof maxAgeMs !== 'number' || Number.isNaN(maxAgeMs) || maxAgeMs < 0) {
    throw new InvalidValueError('maxAgeMs', `${shown(maxAgeMs)} (expected a number >= 0)`);
  }
}
