import * as z from 'zod/v4/core';
import { onDiskJsonSchema } from './json-schema.ts';
import { MigrationError } from './migration-error.ts';
import { planMigrations } from './migration-plan.ts';
import { resolveOptions, type VersionedOptions } from './options.ts';
import { describe } from './options-error.ts';
import { isPlainRecord, runMigrations, VERSION_KEY, withoutVersion } from './run-migrations.ts';
import { isExactVersion } from './semver.ts';
import { ValidationError } from './validation-error.ts';

/** What parse found and produced. */
export interface ParseResult<T> {
  /** The document at the current version, validated by the current schema. */
  value: T;
  /** The version the document had (legacyVersion when it had none). */
  from: string;
  /** true when at least one migration step ran. */
  migrated: boolean;
  /** true when the document had no `schemaVersion` and legacyVersion was assumed. */
  legacy: boolean;
}

/** One kind of versioned document: read any known version, write the current one. */
export interface Versioned<T> {
  /** The current version. */
  readonly version: string;
  /** The document's name in messages. */
  readonly name: string;
  /**
   * Brings a stored document (the parsed JSON) to the current version and
   * validates it, after the last step. Never mutates `raw`.
   * @throws MigrationError (`missing-version`, `invalid-version`, `newer`, `gap`, `step-failed`)
   * @throws ValidationError when the current schema rejects the (migrated) document.
   */
  parse(raw: unknown): ParseResult<T>;
  /**
   * Validates `value` and returns the document to store, `schemaVersion` first.
   * @throws ValidationError
   */
  serialize(value: T): { schemaVersion: string } & Record<string, unknown>;
  /** A fresh default document, validated. @throws ValidationError */
  defaults(): T;
  /** JSON Schema (draft 2020-12) of the stored document, `schemaVersion` included; a fresh copy each call. */
  toJSONSchema(): Record<string, unknown>;
}

/**
 * Declares a versioned document: its current zod schema, the exact migration
 * edges from older versions, and its defaults. The migration graph is checked
 * here, once: a bad graph throws MigrationError now, not when a user's file is read.
 * @throws MigrationError (`range`, `invalid-version`, `duplicate`, `cycle`, `downgrade`, `gap`, `newer`)
 * @throws OptionsError when an option is not of the documented shape.
 */
export function defineVersioned<S extends z.$ZodObject>(opts: VersionedOptions<S>): Versioned<z.output<S>> {
  type T = z.output<S>;
  const options = resolveOptions(opts);
  const { version, schema, name } = options;
  const plan = planMigrations(version, options.migrations, options.legacyVersion, name);
  let jsonSchema: Record<string, unknown> | undefined;

  const validate = (doc: unknown, subject: string, from?: string): T => {
    const result = z.safeParse(schema, doc);
    if (!result.success) throw new ValidationError(result.error, { name, version, from, subject });
    return result.data;
  };

  return {
    version,
    name,

    parse(raw) {
      if (!isPlainRecord(raw)) {
        const issue = { code: 'custom' as const, path: [], message: 'expected an object', input: raw };
        throw new ValidationError(
          { issues: [issue] },
          {
            name,
            version,
            subject: `a ${name} (a JSON object)`,
          },
        );
      }
      const found = Object.hasOwn(raw, VERSION_KEY) ? raw[VERSION_KEY] : undefined;
      let from: string;
      const legacy = found === undefined;
      if (legacy) {
        if (options.legacyVersion === undefined) {
          throw new MigrationError(
            'missing-version',
            `expected a "${VERSION_KEY}" in the ${name}, found none (set legacyVersion to read unversioned files)`,
            { to: version },
          );
        }
        from = options.legacyVersion;
      } else if (isExactVersion(found)) {
        from = found;
      } else {
        throw new MigrationError(
          'invalid-version',
          `expected "${VERSION_KEY}" of the ${name} to be an exact "x.y.z" version, found ${describe(found)}`,
          { to: version },
        );
      }
      const steps = plan.stepsFrom(from);
      let doc: Record<string, unknown>;
      try {
        doc = structuredClone(withoutVersion(raw));
      } catch (error) {
        const issue = {
          code: 'custom' as const,
          path: [],
          message: `not plain data: ${String(error)}`,
          input: raw,
        };
        throw new ValidationError(
          { issues: [issue] },
          {
            name,
            version,
            subject: `a ${name} of JSON data`,
          },
        );
      }
      const migrated = runMigrations(doc, steps, name);
      const value = validate(migrated, `a ${name}`, from);
      return { value, from, migrated: steps.length > 0, legacy };
    },

    serialize(value) {
      const stored = encode(schema, value);
      if (!stored.success) {
        throw new ValidationError(stored.error, {
          name,
          version,
          subject: `the value to serialize as a ${name}`,
        });
      }
      return { [VERSION_KEY]: version, ...withoutVersion(stored.data as Record<string, unknown>) } as {
        schemaVersion: string;
      } & Record<string, unknown>;
    },

    defaults() {
      return validate(options.defaults(), `the defaults of the ${name}`);
    },

    toJSONSchema() {
      jsonSchema ??= onDiskJsonSchema(schema, version, options.named ? name : undefined);
      return structuredClone(jsonSchema);
    },
  };
}

/**
 * The stored form of `value`: zod's encode direction, so codecs (e.g. a Date
 * kept as an ISO string) are written back in their input form. A schema with a
 * one-way `.transform()` cannot encode; its value is then validated as is.
 */
function encode(schema: z.$ZodObject, value: unknown): z.util.SafeParseResult<unknown> {
  try {
    return z.safeEncode(schema, value as never);
  } catch (error) {
    if (error instanceof z.$ZodEncodeError) return z.safeParse(schema, value);
    throw error;
  }
}
