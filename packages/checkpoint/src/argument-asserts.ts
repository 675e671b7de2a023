import { InvalidValueError, shown } from './errors.js';
import { assertName } from './names.js';

/* Checks of the StateManager's arguments that are not names (see names.ts) or values (json-value.ts). */

/**
 * An options argument: absent (`undefined`), or an object (not `null`, an array or a string)
 * whose keys are all among `known`. Anything else is an InvalidValueError: `options` for a
 * value that is no options object, `options.<key>` for an option it does not know (a typo
 * such as `ifRevsion` must not skip the compare-and-set unseen).
 */
export function assertOptions(
  opts: unknown,
  known: readonly string[],
): asserts opts is Record<string, unknown> | undefined {
  if (opts === undefined) return;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    const example = `{ ${known.join(', ')} }`;
    throw new InvalidValueError('options', `${shown(opts)} (expected an options object, e.g. ${example})`);
  }
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) {
      const among = known.map((k) => JSON.stringify(k)).join(', ');
      throw new InvalidValueError(`options.${key}`, `an unknown option (expected only ${among})`);
    }
  }
}

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

/** `delete`'s options, checked (see `assertOptions`): the revision the key must be at. */
export function deleteRequest(opts: unknown): { ifRevision: number | undefined } {
  assertOptions(opts, ['ifRevision']);
  const ifRevision = opts?.ifRevision;
  assertRevision(ifRevision);
  return { ifRevision };
}

/** `prune`'s options, checked (see `assertOptions`): `dryRun` is absent or a boolean. */
export function pruneRequest(opts: unknown): { dryRun: boolean } {
  assertOptions(opts, ['dryRun']);
  const dryRun = opts?.dryRun ?? false;
  if (typeof dryRun !== 'boolean')
    throw new InvalidValueError('dryRun', `${shown(dryRun)} (expected a boolean)`);
  return { dryRun };
}

/** The `pinned` flag of `pin`: a boolean (a string such as `'no'` would pin). */
export function assertPinned(pinned: unknown): asserts pinned is boolean {
  if (typeof pinned !== 'boolean')
    throw new InvalidValueError('pinned', `${shown(pinned)} (expected true or false)`);
}
