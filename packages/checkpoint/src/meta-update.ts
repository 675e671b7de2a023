import type { MetaUpdate } from './backend.js';
import { assertJson } from './json-value.js';
import type { JsonValue } from './types.js';

/** A side record as a backend read it for `updateMeta`: its value and that value's JSON text. */
export interface MetaRecord {
  value: JsonValue;
  text: string;
}

/** What one call of an `updateMeta` callback decided, ready for a backend to store. */
export interface MetaChange {
  /** The new value (`undefined`: delete the record). */
  value: JsonValue | undefined;
  /** Its JSON text (`undefined`: delete the record). */
  text: string | undefined;
  /** False when the record stays as it is (same text, or absent and deleted): nothing to write. */
  changed: boolean;
}

/**
 * A stored side record's text parsed (`undefined` for none). A text that does not parse throws
 * SyntaxError: corrupt data, for the backend to report as it reports its other failures.
 */
export function parseMeta(text: string | null | undefined): MetaRecord | undefined {
  return text == null ? undefined : { value: JSON.parse(text) as JsonValue, text };
}

/**
 * Runs `update` on `current` (a fresh copy nobody else holds: `update` may change it) and checks
 * that what it returns is JSON (`InvalidValueError` otherwise). Errors of `update` and of the
 * check are thrown as they are; a backend calls this before writing anything, so a throw writes
 * nothing.
 */
export function applyMetaUpdate(update: MetaUpdate, current: MetaRecord | undefined): MetaChange {
  const value = update(current?.value);
  if (value === undefined) return { value, text: undefined, changed: current !== undefined };
  assertJson(value);
  const text = JSON.stringify(value);
  return { value, text, changed: text !== current?.text };
}
