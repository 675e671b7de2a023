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

/** The legacy file's hooks as circuit-breaker records, keyed by their command string. */
export async function readLegacyRecords(path: string): Promise<Array<[string, BreakerRecord]>> {
  const text = await readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new LegacyStateError(path, `invalid JSON (${(error as Error).message})`, { cause: error });
  }
  legacyHooks(path, doc);
  // The copy keeps the legacy file untouched whatever the store does on read.
  const dir = await mkdtemp(join(tmpdir(), 'guardrails-import-'));
  try {
    const copy = join(dir, 'hook_state.json');
    await copyFile(path, copy);
    return await new FileStore(copy).list();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
