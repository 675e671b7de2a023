import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidPolicyError } from './errors.js';
import { cooldownFor, defaultPolicy, resolvePolicy } from './policy.js';

describe('resolvePolicy', () => {
  it("fills seed 000's defaults", () => {
    expect(resolvePolicy()).toEqual({
      failureThreshold: 3,
      successThreshold: 2,
      cooldownMs: 300_000,
      backoffFactor: 2,
      maxCooldownMs: 3_600_000,
      jitter: 0.1,
      halfOpenMaxTrials: 1,
      trialLeaseMs: 60_000,
    });
    expect(resolvePolicy({ failureThreshold: undefined, slowCallMs: null, failureRate: null })).toEqual(
      defaultPolicy,
    );
    expect(
      Object.isFrozen(resolvePolicy({ failureRate: { threshold: 0.5, window: 10, minimumCalls: 5 } })),
    ).toBe(true);
  });

  it.each([
    [
      { cooldownMs: -1 },
      'cooldownMs',
      'circuit-breaker: expected policy.cooldownMs to be a finite number of ms >= 0 and <= 3155760000000 (100 years), found -1',
    ],
    // a period added to now past the Date range (about 275,000 years from 1970) cannot be stored
    [
      { cooldownMs: 1e16, maxCooldownMs: 1e16 },
      'cooldownMs',
      '<= 3155760000000 (100 years), found 10000000000000000',
    ],
    [{ cooldownMs: 1_000, maxCooldownMs: 3155760000001 }, 'maxCooldownMs', '<= 3155760000000 (100 years)'],
    [{ trialLeaseMs: 1e16 }, 'trialLeaseMs', 'a finite number of ms > 0 and <= 3155760000000 (100 years)'],
    [{ failureThreshold: 0 }, 'failureThreshold', 'found 0'],
    [{ successThreshold: 1.5 }, 'successThreshold', 'an integer >= 1'],
    [{ jitter: 1.5 }, 'jitter', 'a ratio between 0 and 1'],
    [{ backoffFactor: 0.5 }, 'backoffFactor', '>= 1'],
    [{ trialLeaseMs: 0 }, 'trialLeaseMs', '> 0'],
    [{ cooldownMs: Number.NaN }, 'cooldownMs', 'found NaN'],
    [{ cooldownMs: '300' }, 'cooldownMs', 'found "300"'],
    [{ slowCallMs: -5 }, 'slowCallMs', 'found -5'],
    [{ cooldownMs: 10_000, maxCooldownMs: 5_000 }, 'maxCooldownMs', '>= cooldownMs (10000)'],
    [{ failureRate: { threshold: 0, window: 10, minimumCalls: 5 } }, 'failureRate.threshold', 'in (0, 1]'],
    [
      { failureRate: { threshold: 0.5, window: 10, minimumCalls: 11 } },
      'failureRate.minimumCalls',
      '<= failureRate.window',
    ],
    [{ failureRate: { threshold: 0.5, window: 10 } }, 'failureRate.minimumCalls', 'found undefined'],
    [{ cooldown: 5 }, 'cooldown', 'a known policy field'],
    [{ failureRate: 0.5 }, 'failureRate', 'an object {threshold, window, minimumCalls} or null, found 0.5'],
    [{ failureRate: { threshold: 0.5, window: 10, minimumCalls: 1, min: 1 } }, 'failureRate.min', 'found 1'],
    [{ failureThreshold: 2 ** 60 }, 'failureThreshold', 'an integer >= 1'],
    [{ failureRate: { threshold: 0.5, window: 10_001, minimumCalls: 1 } }, 'failureRate.window', '10000'],
    // the fields are checked in their documented order, unknown keys last
    [{ bogus: 1, jitter: 2, cooldownMs: -1 }, 'cooldownMs', 'found -1'],
  ])('rejects %j naming the field', (input, field, text) => {
    let caught: unknown;
    try {
      resolvePolicy(input as never);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidPolicyError);
    expect(caught).toMatchObject({ code: 'EINVALIDPOLICY', field });
    expect((caught as Error).message).toMatch(/^circuit-breaker: expected policy\./);
    expect((caught as Error).message).toContain(text);
  });
});

describe('resolvePolicy duration limits', () => {
  it('accepts durations up to exactly 100 years', () => {
    const century = 100 * 365.25 * 24 * 3600 * 1000;
    expect(
      resolvePolicy({ cooldownMs: century, maxCooldownMs: century, trialLeaseMs: century }),
    ).toMatchObject({
      cooldownMs: century,
      maxCooldownMs: century,
      trialLeaseMs: century,
    });
  });
});

describe('cooldownFor', () => {
  it('multiplies by backoffFactor per previous open and caps at maxCooldownMs', () => {
    const p = resolvePolicy({ cooldownMs: 100, backoffFactor: 3, maxCooldownMs: 1_000, jitter: 0 });
    expect([0, 1, 2, 3].map((n) => cooldownFor(p, n, Math.random))).toEqual([100, 300, 900, 1_000]);
  });

  it('a cooldown of 0 stays 0 however often the breaker opened (no NaN once the factor overflows)', () => {
    const p = resolvePolicy({ cooldownMs: 0, backoffFactor: 2, maxCooldownMs: 1_000 });
    expect([0, 1_024, 1_000_000].map((n) => cooldownFor(p, n, () => 0.5))).toEqual([0, 0, 0]);
  });

  it('stays within +/- jitter of the capped base and never exceeds the cap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        // past ~1,000 opens backoffFactor ** openCount overflows to Infinity
        fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1_000, max: 1_000_000 })),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (cooldownMs, backoffFactor, extra, jitter, openCount, r) => {
          const p = resolvePolicy({ cooldownMs, backoffFactor, maxCooldownMs: cooldownMs + extra, jitter });
          const d = cooldownFor(p, openCount, () => r);
          const grown = cooldownMs === 0 ? 0 : cooldownMs * backoffFactor ** openCount;
          const base = Math.min(p.maxCooldownMs, grown);
          expect(Number.isInteger(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(0);
          expect(d).toBeLessThanOrEqual(p.maxCooldownMs);
          expect(Math.abs(d - base)).toBeLessThanOrEqual(base * jitter + 1);
          expect(cooldownFor(p, openCount, () => r)).toBe(d);
        },
      ),
    );
  });
});
