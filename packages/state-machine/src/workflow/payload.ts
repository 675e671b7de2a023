import type { EventObject } from '../types.js';

/**
 * Readers of event payload fields. The workflow machines' guards and actions receive
 * `EventObject`s whose fields are `unknown`: these narrow them once, so a missing or
 * ill-typed field makes a guard fail (never a crash inside `send`).
 */

/** A finite number field, or `undefined`. */
export function numberField(event: EventObject, key: string): number | undefined {
  const v = event[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A non-negative integer field, or `undefined`. */
export function countField(event: EventObject, key: string): number | undefined {
  const v = numberField(event, key);
  return v !== undefined && Number.isInteger(v) && v >= 0 ? v : undefined;
}

/** A non-empty string field, or `undefined`. */
export function stringField(event: EventObject, key: string): string | undefined {
  const v = event[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** An array-of-strings field (non-strings dropped), or `[]`. */
export function stringsField(event: EventObject, key: string): string[] {
  const v = event[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The `error` (or `reason`) of a failure event as text, or `null`. */
export function errorText(event: EventObject): string | null {
  return stringField(event, 'error') ?? stringField(event, 'reason') ?? null;
}

/** Items of `required` missing from `present`, in `required`'s order. */
export function missing(required: readonly string[], present: readonly string[]): string[] {
  const have = new Set(present);
  return required.filter((r) => !have.has(r));
}
