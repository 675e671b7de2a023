import { isCanonicalInstant } from './canonical-instant.js';
import type { BreakerDocument, GlobalStats, HookEntry } from './file-store-document.js';

/**
 * A hand-written check of the FileStore document in its exact current shape: what this
 * code writes, so what a hook process almost always reads. Each field kind accepts only
 * values the zod schema of file-store-document.ts accepts unchanged (a subset: instants
 * only in the `toISOString()` form this code writes), so where it accepts a document,
 * the zod schema would give the same value; everything else is left to the zod schema.
 */
type Kind = 'count' | 'instant' | 'iso' | 'text' | 'text?' | 'state' | 'trials' | 'window';

const HOOK_FIELDS: ReadonlyArray<readonly [keyof HookEntry, Kind]> = [
  ['state', 'state'],
  ['failure_count', 'count'],
  ['consecutive_failures', 'count'],
  ['consecutive_successes', 'count'],
  ['first_failure', 'instant'],
  ['last_failure', 'instant'],
  ['last_success', 'instant'],
  ['last_error', 'text?'],
  ['disabled_at', 'instant'],
  ['retry_after', 'instant'],
  ['success_count', 'count'],
  ['generation', 'count'],
  ['open_count', 'count'],
  ['trial_successes', 'count'],
  ['forced_reason', 'text?'],
  ['open_reason', 'text?'],
  ['lifetime_executions', 'count'],
  ['lifetime_failures', 'count'],
  ['trials', 'trials'],
  ['window', 'window'],
  ['updated_at', 'instant'],
];

const STATS_FIELDS: ReadonlyArray<readonly [keyof GlobalStats, Kind]> = [
  ['total_executions', 'count'],
  ['total_failures', 'count'],
  ['hooks_disabled', 'count'],
  ['last_updated', 'instant'],
];

const TRIAL_FIELDS: ReadonlyArray<readonly [string, Kind]> = [
  ['id', 'text'],
  ['owner', 'text'],
  ['expires_at', 'iso'],
];

const STATES: ReadonlySet<unknown> = new Set(['closed', 'open', 'half_open', 'forced_open', 'disabled']);

/** Thrown inside the check to leave it; never escapes this module. */
const NOT_EXACT = Symbol('not exact');

/**
 * A fresh copy of `raw` (the document without `schemaVersion`), keys in the schema's
 * order, when it has every field of the current schema with a valid value and nothing
 * else; undefined otherwise (then the zod schema decides).
 */
export function exactDocument(raw: unknown): BreakerDocument | undefined {
  try {
    const doc = plain(raw, 2);
    const hooksIn = plain(doc.hooks, -1);
    const hooks: Record<string, HookEntry> = {};
    for (const name of Object.keys(hooksIn)) {
      if (name === '__proto__') throw NOT_EXACT;
      hooks[name] = copy(hooksIn[name], HOOK_FIELDS) as HookEntry;
    }
    return { hooks, global_stats: copy(doc.global_stats, STATS_FIELDS) as GlobalStats };
  } catch (error) {
    if (error === NOT_EXACT) return undefined;
    throw error;
  }
}

/** A plain data object (JSON's or structuredClone's) with `keys` own keys (-1: any number). */
function plain(value: unknown, keys: number): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    throw NOT_EXACT;
  if (keys !== -1 && Object.keys(value).length !== keys) throw NOT_EXACT;
  return value as Record<string, unknown>;
}

function copy(value: unknown, fields: ReadonlyArray<readonly [string, Kind]>): Record<string, unknown> {
  const source = plain(value, fields.length);
  const out: Record<string, unknown> = {};
  for (const [key, kind] of fields) {
    if (!Object.hasOwn(source, key)) throw NOT_EXACT;
    out[key] = field(source[key], kind);
  }
  return out;
}

function field(value: unknown, kind: Kind): unknown {
  switch (kind) {
    case 'count':
      if (Number.isSafeInteger(value) && (value as number) >= 0) return value;
      break;
    case 'instant':
      if (value === null || isCanonicalInstant(value)) return value;
      break;
    case 'iso':
      if (isCanonicalInstant(value)) return value;
      break;
    case 'text':
      if (typeof value === 'string') return value;
      break;
    case 'text?':
      if (value === null || typeof value === 'string') return value;
      break;
    case 'state':
      if (STATES.has(value)) return value;
      break;
    case 'trials':
      if (Array.isArray(value)) return Array.from(value, (trial) => copy(trial, TRIAL_FIELDS));
      break;
    case 'window':
      if (Array.isArray(value))
        return Array.from(value, (outcome) => {
          if (outcome !== 0 && outcome !== 1) throw NOT_EXACT;
          return outcome;
        });
      break;
  }
  throw NOT_EXACT;
}
