import type { MetaUpdate } from '../backend.js';
import { applyMetaUpdate, type MetaChange, parseMeta } from '../meta-update.js';
import type { JsonValue } from '../types.js';
import { CallerError } from './errors.js';
import type { Statements } from './statements.js';

/**
 * `updateMeta` of side record `key`, run inside the caller's IMMEDIATE transaction (the read and
 * the write under the file's write lock). An error of `update` (or its value not being JSON)
 * comes out as CallerError, to be rethrown as it is once the transaction is rolled back.
 */
export function updateMetaRow(
  s: Statements,
  ns: string,
  key: string,
  update: MetaUpdate,
): JsonValue | undefined {
  const current = parseMeta(s.getMeta.get(ns, key));
  let change: MetaChange;
  try {
    change = applyMetaUpdate(update, current);
  } catch (error) {
    throw new CallerError(error);
  }
  if (!change.changed) return change.value;
  if (change.text === undefined) s.deleteMeta.run(ns, key);
  else s.setMeta.run(ns, key, change.text);
  return change.value;
}
