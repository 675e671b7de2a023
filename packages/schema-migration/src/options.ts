import * as z from 'zod/v4/core';
import { OptionsError } from './options-error.ts';

/**
 * One exact step between two versions. `up` gets a deep copy of the document
 * WITHOUT its `schemaVersion` key and returns the document at version `to`; it
 * may mutate its argument and return it.
 */
export interface Migration {
  /** The exact version this step starts from, e.g. `"1.0.0"` (no ranges). */
  from: string;
  /** The exact version this step produces; must be greater than `from`. */
  to: string;
  /** Turns a document at `from` into a document at `to`. */
  up: (doc: Record<string, unknown>) => unknown;
}

/** What defineVersioned needs to know about one kind of document. */
export interface VersionedOptions<S extends z.$ZodObject> {
  /** The current version, exact `"x.y.z"`. */
  version: string;
  /** The current document, WITHOUT `schemaVersion`. */
  schema: S;
  /**
   * Exact edges from older versions up to `version`; at most one edge leaves a version.
   * @default []
   */
  migrations?: readonly Migration[];
  /** A fresh default document (validated by `defaults()`). */
  defaults: () => z.input<S>;
  /**
   * The version assumed for a document without `schemaVersion` (a file written
   * before versioning). Without it such a document is refused (`missing-version`).
   * @default undefined
   */
  legacyVersion?: string;
  /**
   * What the document is called in error messages, and the JSON Schema `title`.
   * @default 'document'
   */
  name?: string;
}

/** The one internal shape of VersionedOptions. */
export interface ResolvedOptions<S extends z.$ZodObject> {
  version: string;
  schema: S;
  migrations: readonly Migration[];
  defaults: () => z.input<S>;
  legacyVersion: string | undefined;
  name: string;
  /** false when `name` fell back to its default. */
  named: boolean;
}

/** Checks the shape of the options and fills in the defaults (versions are checked by the planner). */
export function resolveOptions<S extends z.$ZodObject>(opts: VersionedOptions<S>): ResolvedOptions<S> {
  if (typeof opts !== 'object' || opts === null) throw new OptionsError('the options', 'an object', opts);
  if (!(opts.schema instanceof z.$ZodObject)) {
    throw new OptionsError('schema', 'a zod object schema (z.object)', opts.schema);
  }
  if (typeof opts.defaults !== 'function') {
    throw new OptionsError('defaults', 'a function returning a fresh document', opts.defaults);
  }
  if (opts.name !== undefined && (typeof opts.name !== 'string' || opts.name === '')) {
    throw new OptionsError('name', 'a non-empty string', opts.name);
  }
  const migrations = opts.migrations ?? [];
  if (!Array.isArray(migrations)) throw new OptionsError('migrations', 'an array', migrations);
  migrations.forEach((edge: unknown, i) => {
    if (typeof edge !== 'object' || edge === null) {
      throw new OptionsError(`migrations[${i}]`, 'an object { from, to, up }', edge);
    }
    const up = (edge as { up?: unknown }).up;
    if (typeof up !== 'function') throw new OptionsError(`migrations[${i}].up`, 'a function', up);
  });
  return {
    version: opts.version,
    schema: opts.schema,
    migrations: [...migrations],
    defaults: opts.defaults,
    legacyVersion: opts.legacyVersion,
    name: opts.name ?? 'document',
    named: opts.name !== undefined,
  };
}
