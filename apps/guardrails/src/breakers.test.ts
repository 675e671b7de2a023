import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BreakerEvent } from '@steadystate/circuit-breaker';
import { tempDir } from '@steadystate/testkit';
import { describe, expect, it } from 'vitest';
import { breakerFor, openStore, policyFor } from './breakers.js';
import { DEFAULT_SETTINGS } from './hook-settings.js';

describe('policyFor', () => {
  it('maps hook settings to a breaker policy in ms, one trial at a time', () => {
    expect(policyFor({ ...DEFAULT_SETTINGS, cooldownSeconds: 0.25, timeoutSeconds: 10 })).toEqual({
      failureThreshold: 3,
      successThreshold: 2,
      cooldownMs: 250,
      maxCooldownMs: 3_600_000,
      halfOpenMaxTrials: 1,
      trialLeaseMs: 40_000,
    });
    expect(policyFor({ ...DEFAULT_SETTINGS, cooldownSeconds: 7200, timeoutSeconds: 0 })).toMatchObject({
      cooldownMs: 7_200_000,
      maxCooldownMs: 7_200_000,
      trialLeaseMs: 600_000,
    });
  });
});

describe('breakerFor on the state directory (fake clock)', () => {
  it('opens after the threshold, rejects until the cooldown, then lets one trial through', async () => {
    const dir = tempDir();
    let now = 1_700_000_000_000;
    const events: BreakerEvent[] = [];
    const settings = { ...DEFAULT_SETTINGS, cooldownSeconds: 60 };
    const breaker = breakerFor(openStore(dir), 'lint', settings, {
      clock: { now: () => now },
      onEvent: (e) => events.push(e),
    });
    for (let i = 0; i < 3; i++) {
      const permit = await breaker.acquire();
      if (!permit.allowed) throw new Error('expected a permit');
      await permit.failure(`exit 1: boom ${i}`);
      now += 1000;
    }
    const rejected = await breaker.acquire();
    expect(rejected.allowed).toBe(false);
    if (rejected.allowed) return;
    expect(rejected.reason).toBe('open');
    expect(rejected.snapshot).toMatchObject({ consecutiveFailures: 3, lastError: 'exit 1: boom 2' });
    const cooldown = (rejected.retryAt ?? 0) - (now - 1000);
    expect(cooldown).toBeGreaterThanOrEqual(54_000);
    expect(cooldown).toBeLessThanOrEqual(66_000);
    expect(events.map((e) => e.type)).toEqual(['opened']);

    now = (rejected.retryAt ?? 0) + 1;
    const trial = await breaker.acquire();
    expect(trial).toMatchObject({ allowed: true, trial: true });
    const second = await breaker.acquire();
    expect(second).toMatchObject({ allowed: false, reason: 'half_open_full' });
    const doc = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(doc.hooks.lint).toMatchObject({ failure_count: 3, last_error: 'exit 1: boom 2' });
  });
});
