import { defineVersioned, type Versioned } from '@steadystate/schema-migration';
import * as z from 'zod/mini';
import { BREAKER_DOCUMENT_VERSION, emptyDocument } from './file-store-codec.js';
import { migrateLegacyDocument } from './file-store-legacy.js';

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
export const hookEntrySchema = z.object({
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
export const globalStatsSchema = z.object({
  total_executions: nonNegative,
  total_failures: nonNegative,
  /** Breakers whose state is not `closed`. */
  hooks_disabled: nonNegative,
  last_updated: instant,
});

/** The whole document without `schemaVersion` (schema-migration adds it on disk). */
export const breakerDocumentSchema = z.object({
  hooks: z.record(z.string(), hookEntrySchema),
  global_stats: globalStatsSchema,
});

export type HookEntry = z.output<typeof hookEntrySchema>;
export type GlobalStats = z.output<typeof globalStatsSchema>;
export type BreakerDocument = z.output<typeof breakerDocumentSchema>;

/**
 * The FileStore document as the zod schema defines it: seed 000's `hook_state.json` shape
 * plus `schemaVersion`. FileStore reads and writes through `breakerCodec`
 * (file-store-codec.ts), which checks the usual document by hand and loads this module
 * only for the rest.
 * A document without `schemaVersion` is the Python tool's file (version `0.0.0`) and is
 * migrated on read, as of `now()` (the time an open hook without a usable time is kept open
 * from); it is rewritten in the new shape on the next update.
 */
export function defineBreakerDocument(now: () => number = Date.now): Versioned<BreakerDocument> {
  return defineVersioned({
    name: 'circuit-breaker state',
    version: BREAKER_DOCUMENT_VERSION,
    schema: breakerDocumentSchema,
    legacyVersion: '0.0.0',
    migrations: [
      { from: '0.0.0', to: BREAKER_DOCUMENT_VERSION, up: (doc) => migrateLegacyDocument(doc, now()) },
    ],
    defaults: emptyDocument,
  });
}

/** {@link defineBreakerDocument} on the system clock (a legacy file is migrated as of `Date.now()`). */
export const breakerDocument: Versioned<BreakerDocument> = defineBreakerDocument();
