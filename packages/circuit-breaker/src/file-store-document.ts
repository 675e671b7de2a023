import { defineVersioned, type Versioned } from '@steadystate/schema-migration';
import * as z from 'zod/mini';
import { exactDocument } from './file-store-exact.js';
import { migrateLegacyDocument } from './file-store-legacy.js';

/**
 * The zod schemas of the document, built the first time a document is not in the exact
 * current shape (see file-store-exact.ts) or one is migrated: a hook process that finds a
 * healthy file never builds them.
 */
function buildSchemas() {
  // one instance of each shared schema (zod schemas are immutable): fewer to build at import
  const nonNegative = z.int().check(z.nonnegative());
  const iso = z.iso.datetime({ offset: true });
  const nullableString = z.nullable(z.string());
  const countOrZero = z._default(nonNegative, 0);
  const textOrNull = z._default(nullableString, null);

  /** An ISO-8601 instant (`2026-02-10T12:34:56.789Z`; an offset is accepted) or null. */
  const instant = z.nullable(iso);

  /** One persisted half-open trial lease. */
  const trialSchema = z.object({
    id: z.string(),
    owner: z.string(),
    expires_at: iso,
  });

  /**
   * One breaker in the document: the seed-000 hook fields first (same names, same meaning),
   * then what the TypeScript breaker needs besides. The extra fields have defaults so a
   * hand-edited entry with only the seed fields still loads.
   */
  const hookEntrySchema = z.object({
    state: z.enum(['closed', 'open', 'half_open', 'forced_open', 'disabled']),
    failure_count: nonNegative,
    consecutive_failures: nonNegative,
    consecutive_successes: nonNegative,
    first_failure: instant,
    last_failure: instant,
    last_success: instant,
    last_error: nullableString,
    /** When the breaker opened (open, half_open) or was forced open / disabled. */
    disabled_at: instant,
    /** When an open breaker lets a trial through; when a forced-open breaker expires (null: never). */
    retry_after: instant,
    success_count: countOrZero,
    generation: countOrZero,
    open_count: countOrZero,
    /** Trial successes counted in half_open. */
    trial_successes: countOrZero,
    /** Why it was forced open (`forced_open`). */
    forced_reason: textOrNull,
    /** Why it opened (`open`), when the breaker said. */
    open_reason: textOrNull,
    /** Outcomes ever recorded (kept by reset); `global_stats` sums their growth. */
    lifetime_executions: countOrZero,
    lifetime_failures: countOrZero,
    trials: z._default(z.array(trialSchema), []),
    /** Last outcomes for the failure-rate rule: 1 = failure, 0 = success. */
    window: z._default(z.array(z.union([z.literal(0), z.literal(1)])), []),
    updated_at: z._default(instant, null),
  });

  /** What `global_stats` holds, maintained in the same write as every breaker change. */
  const globalStatsSchema = z.object({
    total_executions: nonNegative,
    total_failures: nonNegative,
    /** Breakers whose state is not `closed`. */
    hooks_disabled: nonNegative,
    last_updated: instant,
  });

  /** The whole document without `schemaVersion` (schema-migration adds it on disk). */
  const breakerDocumentSchema = z.object({
    hooks: z.record(z.string(), hookEntrySchema),
    global_stats: globalStatsSchema,
  });
  return { hookEntrySchema, globalStatsSchema, breakerDocumentSchema };
}

type Schemas = ReturnType<typeof buildSchemas>;
export type HookEntry = z.output<Schemas['hookEntrySchema']>;
export type GlobalStats = z.output<Schemas['globalStatsSchema']>;
export type BreakerDocument = z.output<Schemas['breakerDocumentSchema']>;

/** The version this code writes. */
export const BREAKER_DOCUMENT_VERSION = '1.0.0';

const NAME = 'circuit-breaker state';

let zodDocument: Versioned<BreakerDocument> | undefined;

/** The document as schema-migration defines it from the zod schemas, built on first use (tests compare with it). */
export function zodBreakerDocument(): Versioned<BreakerDocument> {
  zodDocument ??= defineVersioned({
    name: NAME,
    version: BREAKER_DOCUMENT_VERSION,
    schema: buildSchemas().breakerDocumentSchema,
    legacyVersion: '0.0.0',
    migrations: [{ from: '0.0.0', to: BREAKER_DOCUMENT_VERSION, up: migrateLegacyDocument }],
    defaults: emptyDocument,
  });
  return zodDocument;
}

/**
 * The FileStore document: seed 000's `hook_state.json` shape plus `schemaVersion`.
 * A document without `schemaVersion` is the Python tool's file (version `0.0.0`) and is
 * migrated on read; it is rewritten in the new shape on the next update.
 *
 * A document already in the exact current shape (every field present and valid, nothing
 * else: what this code writes) is checked by hand ({@link exactDocument}), with the same
 * result the zod schema gives; anything else (a missing field, a bad value, an older
 * version) goes through the zod-defined document, for its defaults, migrations and messages.
 */
export const breakerDocument: Versioned<BreakerDocument> = {
  name: NAME,
  version: BREAKER_DOCUMENT_VERSION,
  parse(raw) {
    if (isObject(raw) && raw.schemaVersion === BREAKER_DOCUMENT_VERSION) {
      const { schemaVersion: _version, ...rest } = raw;
      const value = exactDocument(rest);
      if (value !== undefined)
        return { value, from: BREAKER_DOCUMENT_VERSION, migrated: false, legacy: false };
    }
    return zodBreakerDocument().parse(raw);
  },
  serialize(value) {
    const exact = exactDocument(value);
    if (exact === undefined) return zodBreakerDocument().serialize(value);
    return { schemaVersion: BREAKER_DOCUMENT_VERSION, ...exact };
  },
  defaults: emptyDocument,
  toJSONSchema: () => zodBreakerDocument().toJSONSchema(),
};

function emptyDocument(): BreakerDocument {
  return {
    hooks: {},
    global_stats: { total_executions: 0, total_failures: 0, hooks_disabled: 0, last_updated: null },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
