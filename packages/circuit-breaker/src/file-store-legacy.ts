import * as z from 'zod/mini';

/** The cooldown of the Python tool (seed 000): 300 s. Used when an open hook has no `retry_after`. */
export const LEGACY_COOLDOWN_MS = 300_000;

const MIN_ISO_MS = Date.parse('0000-01-01T00:00:00.000Z');
const MAX_ISO_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** The lenient schemas of the Python tool's document, built the first time one is migrated. */
function buildLegacySchemas() {
  /**
   * A seed-000 timestamp: Python's `isoformat()`, with or without an offset and with
   * microseconds. A naive time is taken as UTC (the tool wrote UTC). Unparsable -> null.
   */
  const legacyInstant = z.catch(
    z.pipe(
      z.unknown(),
      z.transform((value): number | null => {
        if (typeof value !== 'string' || value.trim() === '') return null;
        const text = value.trim();
        const naive = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text);
        const parsed = Date.parse(naive ? `${text}Z` : text);
        // only years 0000..9999 have a plain ISO-8601 form
        return parsed >= MIN_ISO_MS && parsed <= MAX_ISO_MS ? parsed : null;
      }),
    ),
    null,
  );

  /**
   * A counter: a non-negative integer. One above 2^53 - 1 (`1e20`, or `1e400` that JSON reads
   * as Infinity) is held at `Number.MAX_SAFE_INTEGER`; a negative, fractional or non-number
   * value reads as 0.
   */
  const count = z.catch(
    z.pipe(
      z.unknown(),
      z.transform((value): number =>
        typeof value === 'number' && value > Number.MAX_SAFE_INTEGER
          ? Number.MAX_SAFE_INTEGER
          : Number.isSafeInteger(value) && (value as number) >= 0
            ? (value as number)
            : 0,
      ),
    ),
    0,
  );

  /** One hook of the Python tool's `~/.claude/hook_state.json`, read leniently. */
  const legacyHookSchema = z.object({
    state: z.catch(z.enum(['closed', 'open', 'half_open']), 'closed'),
    failure_count: count,
    consecutive_failures: count,
    consecutive_successes: count,
    first_failure: legacyInstant,
    last_failure: legacyInstant,
    last_success: legacyInstant,
    // anything else the file held, as JSON text (String() throws on {"toString": false})
    last_error: z.catch(z.nullable(z.string()), (ctx) =>
      ctx.value === undefined ? null : (JSON.stringify(ctx.value) ?? null),
    ),
    disabled_at: legacyInstant,
    retry_after: legacyInstant,
  });

  const legacyDocumentSchema = z.object({
    hooks: z.catch(z.record(z.string(), z.unknown()), {}),
    global_stats: z.catch(
      z.object({ total_executions: count, total_failures: count, last_updated: legacyInstant }),
      { total_executions: 0, total_failures: 0, last_updated: null },
    ),
  });
  return { legacyHookSchema, legacyDocumentSchema };
}

let legacySchemas: ReturnType<typeof buildLegacySchemas> | undefined;

type LegacyHook = z.output<ReturnType<typeof buildLegacySchemas>['legacyHookSchema']>;

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * schema-migration step `0.0.0 -> 1.0.0`: the Python tool's document to ours.
 * Open hooks stay open with their `retry_after` (or `disabled_at` + 300 s when it is missing;
 * with neither, 300 s from `now`, the time of the migration); half-open hooks keep their trial
 * successes; timestamps become UTC ISO strings. A hook with no time at all is dated `now`.
 */
export function migrateLegacyDocument(doc: Record<string, unknown>, now: number = Date.now()): unknown {
  legacySchemas ??= buildLegacySchemas();
  const { legacyHookSchema, legacyDocumentSchema } = legacySchemas;
  const legacy = legacyDocumentSchema.parse(doc);
  const hooks: Record<string, unknown> = {};
  let notClosed = 0;
  for (const [name, raw] of Object.entries(legacy.hooks)) {
    const parsed = legacyHookSchema.safeParse(raw ?? {});
    const hook = parsed.success ? parsed.data : legacyHookSchema.parse({});
    if (hook.state !== 'closed') notClosed += 1;
    hooks[name] = migrateHook(hook, legacy.global_stats.last_updated, now);
  }
  return {
    hooks,
    global_stats: {
      total_executions: legacy.global_stats.total_executions,
      total_failures: legacy.global_stats.total_failures,
      hooks_disabled: notClosed,
      last_updated: iso(legacy.global_stats.last_updated),
    },
  };
}

function migrateHook(hook: LegacyHook, documentUpdated: number | null, now: number): Record<string, unknown> {
  const latest = latestOf(hook) ?? documentUpdated ?? now;
  const openedAt = hook.disabled_at ?? hook.last_failure ?? latest;
  const base = {
    state: hook.state,
    failure_count: hook.failure_count,
    consecutive_failures: hook.consecutive_failures,
    consecutive_successes: hook.consecutive_successes,
    first_failure: iso(hook.first_failure),
    last_failure: iso(hook.last_failure),
    last_success: iso(hook.last_success),
    last_error: hook.last_error,
    disabled_at: null as string | null,
    retry_after: null as string | null,
    success_count: 0,
    generation: hook.state === 'closed' ? 0 : 1,
    open_count: hook.state === 'closed' ? 0 : 1,
    trial_successes: 0,
    forced_reason: null,
    open_reason: null,
    // the tool kept no success total: only its failures are known per hook
    lifetime_executions: hook.failure_count,
    lifetime_failures: hook.failure_count,
    trials: [],
    window: [],
    updated_at: iso(latest),
  };
  if (hook.state === 'open') {
    base.disabled_at = iso(openedAt);
    // without retry_after and disabled_at the cooldown's start is unknown: a fresh one from now
    // keeps the hook open, as it was, instead of letting it turn half-open at once
    const cooldownFrom = hook.disabled_at ?? now;
    base.retry_after = iso(hook.retry_after ?? cooldownFrom + LEGACY_COOLDOWN_MS);
  } else if (hook.state === 'half_open') {
    base.disabled_at = iso(openedAt);
    base.trial_successes = hook.consecutive_successes;
  }
  return base;
}

/** The most recent timestamp the hook carries. */
function latestOf(hook: LegacyHook): number | null {
  const times = [hook.first_failure, hook.last_failure, hook.last_success, hook.disabled_at].filter(
    (t): t is number => t !== null,
  );
  return times.length === 0 ? null : Math.max(...times);
}
