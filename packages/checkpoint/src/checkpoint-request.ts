import { assertCheckpointOption, assertRevision } from './argument-asserts.js';
import { checkpointNotes } from './checkpoint-notes.js';
import { InvalidValueError, shown } from './errors.js';
import { assertName } from './names.js';
import type { SaveOptions } from './types.js';

/* The checkpoint a `checkpoint` or `save` call asks for, its arguments checked. */

/** A checkpoint to write: `name` undefined for the default name, `notes` undefined for none. */
export interface CheckpointRequest {
  name: string | undefined;
  notes: string | undefined;
}

/** `checkpoint(name, opts)`'s arguments; `opts` must be an options object (a note is `{ notes }`). */
export function checkpointRequest(name: unknown, opts: unknown): CheckpointRequest {
  if (name !== undefined) assertName('checkpoint', name);
  if (opts !== undefined && (typeof opts !== 'object' || opts === null || Array.isArray(opts))) {
    throw new InvalidValueError('options', `${shown(opts)} (expected an options object, e.g. { notes })`);
  }
  return { name, notes: checkpointNotes((opts as { notes?: unknown } | undefined)?.notes) };
}

/**
 * `save`'s options: the revision condition, and the checkpoint to write with the save
 * (`undefined`: none). `notes` need the `checkpoint` option: without it they are an
 * InvalidValueError (there is no checkpoint to hold them).
 */
export function saveRequest(opts: SaveOptions): {
  ifRevision: number | undefined;
  checkpoint: CheckpointRequest | undefined;
} {
  assertRevision(opts.ifRevision);
  const cp = opts.checkpoint ?? false;
  assertCheckpointOption(cp);
  const notes = checkpointNotes(opts.notes);
  if (cp !== false)
    return { ifRevision: opts.ifRevision, checkpoint: { name: cp === true ? undefined : cp, notes } };
  if (notes !== undefined) {
    throw new InvalidValueError(
      'notes',
      'a note without the checkpoint option (expected checkpoint: true or a name with notes)',
    );
  }
  return { ifRevision: opts.ifRevision, checkpoint: undefined };
}
