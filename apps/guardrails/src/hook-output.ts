import type { Rejection } from '@steadystate/circuit-breaker';
import { formatRetry, plural } from './format.js';

/** What `run` says when a hook's breaker rejects: one sentence for people, the same for stdout JSON and stderr. */
export function skipMessage(name: string, rejection: Rejection, now: number): string {
  const snap = rejection.snapshot;
  const lastError = snap.lastError ? ` (last error: ${snap.lastError})` : '';
  let why: string;
  if (rejection.reason === 'forced_open') {
    why = `it was paused by hand${snap.forcedReason ? ` (${snap.forcedReason})` : ''}`;
  } else if (rejection.reason === 'half_open_full') {
    why = `its circuit breaker is testing it in another process right now after ${plural(snap.consecutiveFailures, 'failure')}${lastError}`;
  } else {
    why = `its circuit breaker is open after ${plural(snap.consecutiveFailures, 'consecutive failure')}${lastError}`;
  }
  const retry =
    rejection.retryAt === null
      ? 'It stays paused until reset.'
      : rejection.reason === 'half_open_full'
        ? 'It runs again once that trial passes.'
        : `Next try at ${formatRetry(rejection.retryAt, now)}.`;
  return `guardrails: skipped hook "${name}": ${why}. ${retry} To run it now: guardrails reset ${quoteName(name)}`;
}

/** The Claude Code hook JSON printed on stdout (exit 0) when a hook is skipped. */
export function skipHookJson(message: string): string {
  return `${JSON.stringify({ systemMessage: message, suppressOutput: true })}\n`;
}

/** The stderr text of `--on-open block` (exit 2: Claude Code feeds it back to the model). */
export function blockMessage(message: string): string {
  return `${message.replace(/^guardrails: skipped hook/, 'guardrails: blocked: hook')}\n`;
}

function quoteName(name: string): string {
  return /^[\w.-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}
