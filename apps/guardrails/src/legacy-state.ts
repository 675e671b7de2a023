/**
 * Seed 000's `~/.claude/hook_state.json` (the Python tool's document, no
 * schemaVersion): checked here, then read through a `FileStore` on a copy, so
 * the records come from circuit-breaker's own legacy migration (one mapping).
 *
 * ```json
 * { "hooks": { "<hook command>": { "state": "closed|open|half_open", "failure_count": 3,
 *     "consecutive_failures": 3, "consecutive_successes": 0, "first_failure": "ISO",
 *     "last_failure": "ISO", "last_success": "ISO", "last_error": "...",
 *     "disabled_at": "ISO", "retry_after": "ISO" } },
 *   "global_stats": { "total_executions": 9, "total_failures": 3, ... } }
 * ```
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BreakerRecord, FileStore } from '@steadystate/circuit-breaker';

/** Seed 000's cooldown, which circuit-breaker's legacy migration gives an open hook without a time. */
const LEGACY_COOLDOWN_MS = 300_000;

/** One legacy hook entry, as found (every field optional: the Python tool wrote what it had). */
export interface LegacyHook {
  state?: unknown;
  failure_count?: unknown;
  consecutive_failures?: unknown;
  consecutive_successes?: unknown;
  first_failure?: unknown;
  last_failure?: unknown;
  last_success?: unknown;
  last_error?: unknown;
  disabled_at?: unknown;
  retry_after?: unknown;
}

/** The legacy file is not a seed-000 state document. */
export class LegacyStateError extends Error {
  readonly code = 'ELEGACYSTATE' as const;
  constructor(
    readonly path: string,
    found: string,
    options?: { cause?: unknown },
  ) {
    super(
      `guardrails: expected a legacy hook_state.json ({"hooks": {...}}) at ${path}, found ${found}`,
      options,
    );
    this.name = 'LegacyStateError';
  }
}

/** The hooks of a parsed legacy document, by their command string. */
export function legacyHooks(path: string, doc: unknown): Array<[string, LegacyHook]> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new LegacyStateError(path, Array.isArray(doc) ? 'an array' : String(doc));
  }
  const record = doc as Record<string, unknown>;
  if ('schemaVersion' in record) {
    throw new LegacyStateError(
      path,
      `a guardrails state file (schemaVersion ${String(record.schemaVersion)})`,
    );
  }
  const hooks = record.hooks ?? {};
  if (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks)) {
    throw new LegacyStateError(path, `"hooks" of type ${Array.isArray(hooks) ? 'array' : typeof hooks}`);
  }
  return Object.entries(hooks as Record<string, unknown>).map(([command, entry]) => [
    command,
    entry !== null && typeof entry === 'object' ? (entry as LegacyHook) : {},
  ]);
}

/** One imported hook: its command, its record and each legacy field replaced on the way (one line each). */
export interface LegacyImport {
  command: string;
  record: BreakerRecord;
  replaced: string[];
}

/** The counters the migration holds at `Number.MAX_SAFE_INTEGER` when they are above it. */
const COUNTS = ['failure_count', 'consecutive_failures', 'consecutive_successes'] as const;

/** What the migration replaced in one hook (circuit-breaker's legacy mapping: see its README). */
function replacedFields(raw: LegacyHook, record: BreakerRecord, now: number): string[] {
  const out: string[] = [];
  for (const field of COUNTS) {
    const value = raw[field];
    if (typeof value === 'number' && value > Number.MAX_SAFE_INTEGER) {
      out.push(
        `${field} ${value} is above ${Number.MAX_SAFE_INTEGER} (2^53 - 1); imported as ${Number.MAX_SAFE_INTEGER}`,
      );
    }
  }
  // an open hook with neither a usable retry_after nor disabled_at gets a fresh cooldown from now
  const c = record.circuit;
  if (raw.state === 'open' && c.status === 'open' && c.retryAt === now + LEGACY_COOLDOWN_MS) {
    const found = `retry_after ${JSON.stringify(raw.retry_after ?? null)}, disabled_at ${JSON.stringify(raw.disabled_at ?? null)}`;
    const usable = (v: unknown) => typeof v === 'string' && Number.isFinite(Date.parse(v));
    if (!usable(raw.retry_after) && !usable(raw.disabled_at)) {
      out.push(
        `open with no usable retry_after or disabled_at (${found}); kept open until ${new Date(c.retryAt).toISOString()}, 300 s after the import`,
      );
    }
  }
  return out;
}

/**
 * The legacy file's hooks as circuit-breaker records, keyed by their command string,
 * migrated as of `now` (an open hook without a usable time stays open 300 s from it).
 */
export async function readLegacyRecords(path: string, now: number = Date.now()): Promise<LegacyImport[]> {
  const text = await readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new LegacyStateError(path, `invalid JSON (${(error as Error).message})`, { cause: error });
  }
  const raw = new Map(legacyHooks(path, doc));
  // The copy keeps the legacy file untouched whatever the store does on read.
  const dir = await mkdtemp(join(tmpdir(), 'guardrails-import-'));
  try {
    const copy = join(dir, 'hook_state.json');
    await copyFile(path, copy);
    const records = await new FileStore(copy, { clock: { now: () => now } }).list();
    return records.map(([command, record]) => ({
      command,
      record,
      replaced: replacedFields(raw.get(command) ?? {}, record, now),
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
