import { InvalidValueError, shown } from './errors.js';

/** Longest checkpoint note accepted, in characters (UTF-16 code units, as `String.length`). */
export const MAX_NOTES_LENGTH = 1000;

/**
 * The `notes` option of `checkpoint` and `save`, as stored: `undefined` for none (or `''`),
 * else the string. Throws InvalidValueError unless it is absent or a string of at most
 * MAX_NOTES_LENGTH characters with no lone surrogate (SQLite would store one as U+FFFD, so
 * it could not come back as it was given).
 */
export function checkpointNotes(notes: unknown): string | undefined {
  if (notes === undefined || notes === '') return undefined;
  const expected = `(expected a string of at most ${MAX_NOTES_LENGTH} characters)`;
  if (typeof notes !== 'string') throw new InvalidValueError('notes', `${shown(notes)} ${expected}`);
  if (notes.length > MAX_NOTES_LENGTH)
    throw new InvalidValueError('notes', `a string of ${notes.length} characters ${expected}`);
  const lone = /\p{Cs}/u.exec(notes);
  if (lone) {
    const code = lone[0].charCodeAt(0).toString(16).toUpperCase();
    throw new InvalidValueError(
      'notes',
      `a lone surrogate U+${code} at index ${lone.index} (expected well-formed text)`,
    );
  }
  return notes;
}
