import { MigrationError } from './migration-error.ts';
import type { Migration } from './options.ts';
import { describe, describeThrown } from './options-error.ts';

/** The key that carries a document's version on disk. */
export const VERSION_KEY = 'schemaVersion';

/** A shallow copy of `doc` without its `schemaVersion` key. */
export function withoutVersion(doc: Record<string, unknown>): Record<string, unknown> {
  const { [VERSION_KEY]: _version, ...rest } = doc;
  return rest;
}

/** An object that is not null and not an array. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Runs `steps` in order on `doc`, a deep copy the caller already owns (never
 * the caller's input). Each step's return value is deep-copied
 * (structuredClone) before the next step sees it, so a step that returns an
 * object it keeps elsewhere cannot have it changed by a later step. Returns
 * the last document, without `schemaVersion`: recording the version is the
 * caller's job, once this returned.
 * @throws MigrationError `step-failed` naming the edge, with the thrown error as `cause`.
 */
export function runMigrations(
  doc: Record<string, unknown>,
  steps: readonly Migration[],
  name: string,
): Record<string, unknown> {
  let current = doc;
  for (const step of steps) {
    const fail = (found: string, cause?: unknown) =>
      new MigrationError(
        'step-failed',
        `expected the migration ${step.from} -> ${step.to} of the ${name} to ${found}`,
        { from: step.from, to: step.to, cause },
      );
    let output: unknown;
    try {
      output = step.up(current);
    } catch (error) {
      throw fail(`succeed, found it threw ${describeThrown(error)}`, error);
    }
    if (!isPlainRecord(output)) throw fail(`return an object, found ${describe(output)}`);
    try {
      current = structuredClone(withoutVersion(output));
    } catch (error) {
      throw fail(`return plain data, found ${describeThrown(error)}`, error);
    }
  }
  return current;
}
