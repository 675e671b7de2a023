import type { BreakerSnapshot, Rejection } from '@steadystate/circuit-breaker';
import { describe, expect, it } from 'vitest';
import { blockMessage, skipHookJson, skipMessage } from './hook-output.js';

const now = new Date(2026, 1, 10, 14, 0, 0).getTime();

function rejection(over: Partial<Rejection> = {}, snap: Partial<BreakerSnapshot> = {}): Rejection {
  const snapshot: BreakerSnapshot = {
    name: 'lint',
    status: 'open',
    failureCount: 3,
    successCount: 0,
    consecutiveFailures: 3,
    consecutiveSuccesses: 0,
    firstFailureAt: now - 60_000,
    lastFailureAt: now - 1000,
    lastSuccessAt: null,
    lastError: 'exit 1: eslint: config not found',
    openedAt: now - 1000,
    retryAt: now + 252_000,
    activeTrials: 0,
    forcedReason: null,
    generation: 1,
    ...snap,
  };
  return { allowed: false, reason: 'open', retryAt: snapshot.retryAt, snapshot, message: '', ...over };
}

describe('skip message', () => {
  it('names the hook, the failures, the last error, when it is retried and how to reset it', () => {
    expect(skipMessage('lint', rejection(), now)).toBe(
      'guardrails: skipped hook "lint": its circuit breaker is open after 3 consecutive failures ' +
        '(last error: exit 1: eslint: config not found). Next try at 14:04:12 (in 4m 12s). ' +
        'To run it now: guardrails reset lint',
    );
  });

  it('explains a hook paused by hand, with no expiry', () => {
    const text = skipMessage(
      'my hook',
      rejection(
        { reason: 'forced_open', retryAt: null },
        { status: 'forced_open', forcedReason: 'flaky CI' },
      ),
      now,
    );
    expect(text).toContain('it was paused by hand (flaky CI)');
    expect(text).toContain('It stays paused until reset.');
    expect(text).toContain("guardrails reset 'my hook'");
  });

  it('prints valid hook JSON on stdout and a block line for stderr', () => {
    const message = skipMessage('lint', rejection(), now);
    expect(JSON.parse(skipHookJson(message))).toEqual({ systemMessage: message, suppressOutput: true });
    expect(blockMessage(message)).toMatch(/^guardrails: blocked: hook "lint": .*\n$/);
  });
});
