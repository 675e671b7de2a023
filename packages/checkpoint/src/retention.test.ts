import { thrown } from '@steadystate/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidValueError } from './errors.js';
import { planRetention } from './retention.js';
import type { CheckpointInfo, RetentionPolicy } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 5, 15, 12);

/** Checkpoints c0, c1, ... taken the given numbers of hours before NOW. */
const hoursAgo = (...hours: number[]): CheckpointInfo[] =>
  hours.map((h, i) => ({ name: `c${i}`, createdAt: NOW - h * HOUR, keys: 1, bytes: 1, pinned: false }));

/** The simplest reading of restic's rules, written independently of the implementation. */
function reference(cps: readonly CheckpointInfo[], p: RetentionPolicy, now: number): Set<string> {
  const sorted = [...cps].sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1)); // newest first
  const keep = new Set<string>();
  const any =
    (p.keepLast ?? 0) + (p.keepHourly ?? 0) + (p.keepDaily ?? 0) + (p.keepWeekly ?? 0) + (p.keepWithin ?? 0) >
    0;
  if (!any) return new Set(cps.map((c) => c.name));
  if (sorted[0]) keep.add(sorted[0].name);
  for (const c of sorted.slice(0, p.keepLast ?? 0)) keep.add(c.name);
  const bucketRule = (n: number, key: (t: number) => string) => {
    const seen: string[] = [];
    for (const c of sorted) {
      const k = key(c.createdAt);
      if (seen.includes(k)) continue;
      if (seen.length >= n) break;
      seen.push(k);
      keep.add(c.name);
    }
  };
  bucketRule(p.keepHourly ?? 0, (t) => new Date(t).toISOString().slice(0, 13));
  bucketRule(p.keepDaily ?? 0, (t) => new Date(t).toISOString().slice(0, 10));
  bucketRule(p.keepWeekly ?? 0, (t) => {
    const d = new Date(t);
    const monday =
      Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
    return new Date(monday).toISOString().slice(0, 10);
  });
  for (const c of cps) if (p.keepWithin && c.createdAt >= now - p.keepWithin) keep.add(c.name);
  for (const c of cps) if (c.pinned && p.pinned !== false) keep.add(c.name);
  return keep;
}

const checkpoints = fc
  .array(fc.record({ age: fc.integer({ min: 0, max: 40 * DAY }), pinned: fc.boolean() }), { maxLength: 60 })
  .map((xs) =>
    xs.map(
      ({ age, pinned }, i): CheckpointInfo => ({
        name: `c${i}`,
        createdAt: NOW - age,
        keys: 1,
        bytes: 1,
        pinned,
      }),
    ),
  );
const policy: fc.Arbitrary<RetentionPolicy> = fc.record(
  {
    keepLast: fc.integer({ min: 0, max: 10 }),
    keepHourly: fc.integer({ min: 0, max: 30 }),
    keepDaily: fc.integer({ min: 0, max: 10 }),
    keepWeekly: fc.integer({ min: 0, max: 4 }),
    keepWithin: fc.integer({ min: 0, max: 5 * DAY }),
    pinned: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('planRetention', () => {
  it('keeps the same set as the reference implementation', () => {
    fc.assert(
      fc.property(checkpoints, policy, (cps, p) => {
        const plan = planRetention(cps, p, NOW);
        expect(new Set(plan.keep.map((k) => k.name))).toEqual(reference(cps, p, NOW));
        expect(plan.keep.length + plan.remove.length).toBe(cps.length);
      }),
      { numRuns: 500 },
    );
  });

  it('always keeps the newest; keeps pinned unless pinned is false', () => {
    fc.assert(
      fc.property(checkpoints, policy, (cps, p) => {
        const kept = new Set(planRetention(cps, p, NOW).keep.map((k) => k.name));
        const newest = [...cps].sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1))[0];
        if (newest) expect(kept.has(newest.name)).toBe(true);
        if (p.pinned !== false) for (const c of cps) if (c.pinned) expect(kept.has(c.name)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent: planning on the kept set removes nothing', () => {
    fc.assert(
      fc.property(checkpoints, policy, (cps, p) => {
        const kept = new Set(planRetention(cps, p, NOW).keep.map((k) => k.name));
        const again = planRetention(
          cps.filter((c) => kept.has(c.name)),
          p,
          NOW,
        );
        expect(again.remove).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('explains each kept checkpoint (a worked example)', () => {
    const at = (h: number, name: string, pinned = false): CheckpointInfo => ({
      name,
      createdAt: NOW - h * HOUR,
      keys: 1,
      bytes: 1,
      pinned,
    });
    const cps = [
      at(50, 'old-pinned', true),
      at(49, 'two-days-ago'),
      at(26, 'yesterday-a'),
      at(25.5, 'yesterday-b'),
      at(2, 'h-2'),
      at(1.5, 'h-1.5'),
      at(0, 'now'),
    ];
    const plan = planRetention(cps, { keepLast: 1, keepHourly: 2, keepDaily: 2 }, NOW);
    expect(plan).toEqual({
      keep: [
        { name: 'old-pinned', reasons: ['pinned'] },
        { name: 'yesterday-b', reasons: ['daily'] },
        { name: 'h-1.5', reasons: ['hourly'] },
        { name: 'now', reasons: ['newest', 'last', 'hourly', 'daily'] },
      ],
      remove: ['two-days-ago', 'yesterday-a', 'h-2'],
    });
    expect(planRetention(cps, {}, NOW).remove).toEqual([]);
    expect(() => planRetention(cps, { keepLast: -1 }, NOW)).toThrow(InvalidValueError);
    // the contract's names: keepWithin (ms) and pinned
    expect(planRetention(cps, { keepWithin: 2 * HOUR, pinned: false }, NOW).keep.map((k) => k.name)).toEqual([
      'h-2',
      'h-1.5',
      'now',
    ]);
  });

  it('refuses an option it does not know, so a typo never keeps or drops checkpoints unseen', () => {
    const cps: CheckpointInfo[] = [{ name: 'a', createdAt: NOW, keys: 1, bytes: 1, pinned: false }];
    for (const typo of ['keepWithinMs', 'keepPinned', 'keep_last', 'dryRun']) {
      expect(() => planRetention(cps, { [typo]: 1 } as RetentionPolicy, NOW)).toThrow(
        new InvalidValueError(
          `retention.${typo}`,
          'an unknown option (expected only keepLast, keepHourly, keepDaily, keepWeekly, keepWithin, pinned)',
        ),
      );
    }
    expect(() => planRetention(cps, { pinned: 'no' } as unknown as RetentionPolicy, NOW)).toThrow(
      "checkpoint: expected a JSON value at retention.pinned, found 'no' (expected a boolean)",
    );
    for (const policy of [null, 'keepLast', 3, [1]]) {
      const err = thrown(() => planRetention(cps, policy as unknown as RetentionPolicy, NOW));
      expect(err).toBeInstanceOf(InvalidValueError);
      expect(err).toMatchObject({ code: 'EINVALIDVALUE', path: 'retention' });
    }
    expect(() => planRetention(cps, null as unknown as RetentionPolicy, NOW)).toThrow(
      'checkpoint: expected a JSON value at retention, found null (expected a retention policy object, e.g. { keepLast: 10 })',
    );
  });

  it('counts are integers >= 0: a fraction is an InvalidValueError, never rounded one way or the other', () => {
    const cps = hoursAgo(3, 2, 1);
    for (const option of ['keepLast', 'keepHourly', 'keepDaily', 'keepWeekly'] as const) {
      for (const bad of [0.5, 1.5, -1, -0.5, Number.NaN, Number.POSITIVE_INFINITY, '2', true, null]) {
        const err = thrown(() => planRetention(cps, { [option]: bad } as RetentionPolicy, NOW));
        expect(err, `${option}: ${String(bad)}`).toBeInstanceOf(InvalidValueError);
        expect(err).toMatchObject({ code: 'EINVALIDVALUE', path: `retention.${option}` });
        expect((err as Error).message).toMatch(
          new RegExp(
            `^checkpoint: expected .* at retention\\.${option}, found .+ \\(expected an integer >= 0\\)$`,
          ),
        );
      }
      // whole numbers, written any way, are fine
      for (const ok of [0, 1, 2, 1e3, -0])
        expect(() => planRetention(cps, { [option]: ok }, NOW)).not.toThrow();
    }
    expect(() => planRetention(cps, { keepLast: 1.5 }, NOW)).toThrow(
      'checkpoint: expected a JSON value at retention.keepLast, found 1.5 (expected an integer >= 0)',
    );
    // keepWithin is milliseconds: any number >= 0, a fraction included
    expect(planRetention(cps, { keepWithin: 1.5 * HOUR }, NOW).keep.map((k) => k.name)).toEqual(['c2']);
    expect(planRetention(cps, { keepWithin: 2.5 * HOUR }, NOW).keep.map((k) => k.name)).toEqual(['c1', 'c2']);
    for (const bad of [-1, Number.NaN, '1h', null]) {
      expect(
        thrown(() => planRetention(cps, { keepWithin: bad } as unknown as RetentionPolicy, NOW)),
      ).toMatchObject({
        code: 'EINVALIDVALUE',
        path: 'retention.keepWithin',
      });
    }
  });

  it('a fraction no longer counts as a rule: { keepLast: 0.5 } is refused, not "keep the newest only"', () => {
    const cps = hoursAgo(2, 1);
    expect(() => planRetention(cps, { keepLast: 0.5 }, NOW)).toThrow(InvalidValueError);
    expect(() => planRetention(cps, { keepHourly: 1.5 }, NOW)).toThrow(InvalidValueError);
    // the rounding they used to get, now spelled out
    expect(planRetention(cps, { keepLast: 1 }, NOW).remove).toEqual(['c0']);
    expect(planRetention(cps, { keepHourly: 2 }, NOW).remove).toEqual([]);
  });
});
