import { InvalidValueError, shown } from './errors.js';
import type { CheckpointInfo, PrunePlan, RetentionPolicy } from './types.js';

/** The one internal shape of a RetentionPolicy. */
export interface ResolvedPolicy {
  keepLast: number;
  keepHourly: number;
  keepDaily: number;
  keepWeekly: number;
  keepWithin: number;
  pinned: boolean;
}

/** Every option a policy may have: any other key is refused (a typo must not keep or drop checkpoints unseen). */
const OPTIONS: ReadonlySet<string> = new Set([
  'keepLast',
  'keepHourly',
  'keepDaily',
  'keepWeekly',
  'keepWithin',
  'pinned',
] satisfies Array<keyof RetentionPolicy>);

/** A `keepLast`/`keepHourly`/`keepDaily`/`keepWeekly`: absent (0) or an integer >= 0. */
function count(name: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new InvalidValueError(`retention.${name}`, `${shown(v)} (expected an integer >= 0)`);
  }
  return v;
}

/** `keepWithin`: absent (0) or a number of milliseconds >= 0 (a fraction of a millisecond is fine). */
function duration(name: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || Number.isNaN(v) || v < 0) {
    throw new InvalidValueError(`retention.${name}`, `${shown(v)} (expected a number of milliseconds >= 0)`);
  }
  return v;
}

/**
 * Normalises a policy, filling in defaults. Throws InvalidValueError for a policy that is not
 * an object, an option it does not know (path `retention.<option>`), a `pinned` that is not a
 * boolean, a count (`keepLast`, `keepHourly`, `keepDaily`, `keepWeekly`) that is not an
 * integer >= 0, and a `keepWithin` that is not a number >= 0.
 */
export function resolvePolicy(policy: RetentionPolicy = {}): ResolvedPolicy {
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    throw new InvalidValueError(
      'retention',
      `${shown(policy)} (expected a retention policy object, e.g. { keepLast: 10 })`,
    );
  }
  for (const key of Object.keys(policy)) {
    if (!OPTIONS.has(key)) {
      throw new InvalidValueError(
        `retention.${key}`,
        `an unknown option (expected only ${[...OPTIONS].join(', ')})`,
      );
    }
  }
  if (policy.pinned !== undefined && typeof policy.pinned !== 'boolean')
    throw new InvalidValueError('retention.pinned', `${shown(policy.pinned)} (expected a boolean)`);
  return {
    keepLast: count('keepLast', policy.keepLast),
    keepHourly: count('keepHourly', policy.keepHourly),
    keepDaily: count('keepDaily', policy.keepDaily),
    keepWeekly: count('keepWeekly', policy.keepWeekly),
    keepWithin: duration('keepWithin', policy.keepWithin),
    pinned: policy.pinned ?? true,
  };
}

/** True when the policy has at least one keep rule; without one, prune keeps everything. */
export function hasRule(p: ResolvedPolicy): boolean {
  return p.keepLast > 0 || p.keepHourly > 0 || p.keepDaily > 0 || p.keepWeekly > 0 || p.keepWithin > 0;
}

const hour = (t: number) => Math.floor(t / 3_600_000);
const day = (t: number) => Math.floor(t / 86_400_000);
/** ISO week (Monday start, UTC): days since the epoch's Monday, divided by 7. 1970-01-01 was a Thursday. */
const week = (t: number) => Math.floor((day(t) + 3) / 7);

/** Oldest first: by createdAt, then name. */
export function byAge(a: CheckpointInfo, b: CheckpointInfo): number {
  return a.createdAt - b.createdAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Which checkpoints to keep and which to remove, with restic `forget`
 * semantics: a checkpoint survives if ANY rule keeps it; the newest is always
 * kept; `keepHourly`/`keepDaily`/`keepWeekly` keep the newest checkpoint of each
 * of the last N buckets (UTC hours, days, ISO weeks) that have one;
 * `keepWithin` keeps those created at or after `now - keepWithin` (ms);
 * pinned ones are kept unless `pinned` is false. A policy without any keep
 * rule keeps everything. Pure: same input, same plan.
 */
export function planRetention(
  checkpoints: readonly CheckpointInfo[],
  policy: RetentionPolicy,
  now: number,
): PrunePlan {
  const p = resolvePolicy(policy);
  const oldestFirst = [...checkpoints].sort(byAge);
  const newestFirst = [...oldestFirst].reverse();
  const reasons = new Map<string, string[]>(oldestFirst.map((c) => [c.name, []]));
  const add = (c: CheckpointInfo, why: string) => (reasons.get(c.name) as string[]).push(why);
  if (!hasRule(p)) for (const c of oldestFirst) add(c, 'no rule');
  if (newestFirst[0]) add(newestFirst[0], 'newest');
  for (const c of newestFirst.slice(0, p.keepLast)) add(c, 'last');
  const buckets = (n: number, bucket: (t: number) => number, why: string) => {
    let last: number | undefined;
    let kept = 0;
    for (const c of newestFirst) {
      if (kept >= n) break;
      const b = bucket(c.createdAt);
      if (b === last) continue;
      last = b;
      kept++;
      add(c, why);
    }
  };
  buckets(p.keepHourly, hour, 'hourly');
  buckets(p.keepDaily, day, 'daily');
  buckets(p.keepWeekly, week, 'weekly');
  if (p.keepWithin > 0) for (const c of oldestFirst) if (c.createdAt >= now - p.keepWithin) add(c, 'within');
  if (p.pinned) for (const c of oldestFirst) if (c.pinned) add(c, 'pinned');
  const plan: PrunePlan = { keep: [], remove: [] };
  for (const c of oldestFirst) {
    const why = reasons.get(c.name) as string[];
    if (why.length > 0) plan.keep.push({ name: c.name, reasons: why });
    else plan.remove.push(c.name);
  }
  return plan;
}
