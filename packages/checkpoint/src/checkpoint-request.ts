import { assertCheckpointOption, assertOptions, assertRevision } from './argument-asserts.js';
import { checkpointNotes } from './checkpoint-notes.js';
import { InvalidValueError } from './errors.js';
import { assertName } from './names.js';
import type { CheckpointOptions, SaveOptions } from './types.js';

/* The checkpoint a `checkpoint` or `save` call asks for, its arguments checked. */

/** A checkpoint to write: `name` undefined for the default name, `notes` undefined for none. */
export interface CheckpointRequest {
  name: string | undefined;
  notes: string | undefined;
}

/** Every option of `checkpoint`. */
const CHECKPOINT_OPTIONS = ['notes'] as const satisfies ReadonlyArray<keyof CheckpointOptions>;
/** Every option of `save`. */
const SAVE_OPTIONS = ['ifRevision', 'checkpoint', 'notes'] as const satisfies ReadonlyArray<
  keyof SaveOptions
>;

/**
 * `checkpoint(name, opts)`'s arguments; `opts` must be absent or an options object with no
 * other key than `notes` (a note is `{ notes }`), else InvalidValueError.
 */
export function checkpointRequest(name: unknown, opts: unknown): CheckpointRequest {
  if (name !== undefined) assertName('checkpoint', name);
  assertOptions(opts, CHECKPOINT_OPTIONS);
  return { name, notes: checkpointNotes(opts?.notes) };
}

/**
 * `save`'s options: the revision condition, and the checkpoint to write with the save
 * (`undefined`: none). `opts` must be absent or an options object with no other keys than
 * `ifRevision`, `checkpoint` and `notes` (a string, `null` or a typo such as `ifRevsion` is an
 * InvalidValueError, and nothing is saved). `notes` need the `checkpoint` option: without it
 * they are an InvalidValueError (there is no checkpoint to hold them).
 */
export function saveRequest(opts: unknown): {
  ifRevision: number | undefined;
  checkpoint: CheckpointRequest | undefined;
} {
  assertOptions(opts, SAVE_OPTIONS);
  const ifRevision = opts?.ifRevision;
  assertRevision(ifRevision);
  const cp = opts?.checkpoint ?? false;
  assertCheckpointOption(cp);
  const notes = checkpointNotes(opts?.notes);
  if (cp !== false) return { ifRevision, checkpoint: { name: cp === true ? undefined : cp, notes } };
  if (notes !== undefined) {
    throw new InvalidValueError(
      'notes',
      'a note without the checkpoint option (expected checkpoint: true or a name with notes)',
    );
  }
  return { ifRevision, checkpoint: undefined };
}
