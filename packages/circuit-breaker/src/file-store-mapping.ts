import type { HookEntry } from './file-store-document.js';
import type { BreakerRecord, CircuitState } from './record.js';

/** ms epoch -> ISO-8601 (UTC, millisecond precision: lossless for integer ms). */
function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** ISO-8601 -> ms epoch. */
function ms(text: string): number;
function ms(text: string | null): number | null;
function ms(text: string | null): number | null {
  return text === null ? null : Date.parse(text);
}

/** The document entry of a breaker record (seed-000 names where the seed has one). */
export function recordToHook(record: BreakerRecord): HookEntry {
  const { circuit, stats } = record;
  return {
    state: circuit.status,
    failure_count: stats.failureCount,
    consecutive_failures: stats.consecutiveFailures,
    consecutive_successes: stats.consecutiveSuccesses,
    first_failure: iso(stats.firstFailureAt),
    last_failure: iso(stats.lastFailureAt),
    last_success: iso(stats.lastSuccessAt),
    last_error: stats.lastError,
    disabled_at: iso(since(circuit)),
    retry_after: iso(until(circuit)),
    success_count: stats.successCount,
    generation: record.generation,
    open_count: record.openCount,
    trial_successes: circuit.status === 'half_open' ? circuit.successes : 0,
    forced_reason: circuit.status === 'forced_open' ? circuit.reason : null,
    open_reason: circuit.status === 'open' ? (circuit.reason ?? null) : null,
    lifetime_executions: record.lifetime.executions,
    lifetime_failures: record.lifetime.failures,
    trials: record.trials.map((t) => ({ id: t.id, owner: t.owner, expires_at: iso(t.expiresAt) })),
    window: record.window.map((outcome) => (outcome === 1 ? 1 : 0)),
    updated_at: iso(record.updatedAt),
  };
}

/** The breaker record of a document entry; inverse of {@link recordToHook}. */
export function hookToRecord(hook: HookEntry): BreakerRecord {
  const updatedAt = ms(hook.updated_at) ?? 0;
  return {
    circuit: circuitOf(hook, updatedAt),
    generation: hook.generation,
    trials: hook.trials.map((t) => ({ id: t.id, owner: t.owner, expiresAt: ms(t.expires_at) })),
    openCount: hook.open_count,
    stats: {
      failureCount: hook.failure_count,
      successCount: hook.success_count,
      consecutiveFailures: hook.consecutive_failures,
      consecutiveSuccesses: hook.consecutive_successes,
      firstFailureAt: ms(hook.first_failure),
      lastFailureAt: ms(hook.last_failure),
      lastSuccessAt: ms(hook.last_success),
      lastError: hook.last_error,
    },
    window: [...hook.window],
    lifetime: { executions: hook.lifetime_executions, failures: hook.lifetime_failures },
    updatedAt,
  };
}

/**
 * Whether a breaker in `state` stops its calls, in the seed's sense of a "disabled" hook
 * (`global_stats.hooks_disabled`, `disabled_at`): open and forced_open reject every call;
 * half_open still does, but for its few trial calls (it has not recovered yet, and its
 * `disabled_at` stays the time it opened). closed and our `disabled` status (the guard is
 * switched off: every call runs, outcomes are only recorded) do not.
 */
export function stopsCalls(state: HookEntry['state']): boolean {
  return state === 'open' || state === 'forced_open' || state === 'half_open';
}

/**
 * `disabled_at`: when the breaker began stopping calls (see {@link stopsCalls}); null for
 * closed and disabled. A disabled circuit's `since` is not written: it reads back as
 * `updated_at` (nothing derives anything from it).
 */
function since(circuit: CircuitState): number | null {
  switch (circuit.status) {
    case 'closed':
    case 'disabled':
      return null;
    case 'open':
    case 'half_open':
      return circuit.openedAt;
    case 'forced_open':
      return circuit.since;
  }
}

/** `retry_after`: when an open breaker admits a trial, or a forced-open one expires. */
function until(circuit: CircuitState): number | null {
  if (circuit.status === 'open') return circuit.retryAt;
  if (circuit.status === 'forced_open') return circuit.until;
  return null;
}

/**
 * A hand-edited entry may lack `disabled_at` / `retry_after` for a status that needs them:
 * fall back to `updated_at`, so an open breaker without `retry_after` admits a trial at once.
 */
function circuitOf(hook: HookEntry, updatedAt: number): CircuitState {
  const start = ms(hook.disabled_at) ?? updatedAt;
  switch (hook.state) {
    case 'closed':
      return { status: 'closed' };
    case 'open': {
      const open: CircuitState = { status: 'open', openedAt: start, retryAt: ms(hook.retry_after) ?? start };
      if (hook.open_reason !== null) open.reason = hook.open_reason;
      return open;
    }
    case 'half_open':
      return { status: 'half_open', openedAt: start, successes: hook.trial_successes };
    case 'forced_open':
      return { status: 'forced_open', since: start, until: ms(hook.retry_after), reason: hook.forced_reason };
    case 'disabled':
      return { status: 'disabled', since: start };
  }
}
