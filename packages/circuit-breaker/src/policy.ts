import { InvalidPolicyError } from './errors.js';

/** The optional failure-rate rule: open when the failure ratio over the last `window` outcomes reaches `threshold`. */
export interface FailureRatePolicy {
  /** Failure ratio that opens, in (0, 1]: 0.5 = half the calls failed. */
  threshold: number;
  /** How many recent outcomes are considered (at most 10000). */
  window: number;
  /** The rule applies only once this many outcomes are in the window (1..window). */
  minimumCalls: number;
}

/** When the breaker opens, how long it stays open, and how it probes. */
export interface BreakerPolicy {
  /** Consecutive failures (in closed) that open the circuit. @default 3 */
  failureThreshold: number;
  /** Consecutive trial successes in half_open that close it. @default 2 */
  successThreshold: number;
  /** First open period in ms, at most {@link MAX_DURATION_MS} (100 years). @default 300000 */
  cooldownMs: number;
  /** The open period is multiplied by this after each failed trial (>= 1). @default 2 */
  backoffFactor: number;
  /** Cap of the open period in ms (>= cooldownMs, <= {@link MAX_DURATION_MS}), jitter included. @default 3600000 */
  maxCooldownMs: number;
  /** +/- ratio of random spread applied to each open period, 0..1. @default 0.1 */
  jitter: number;
  /** Concurrent half-open trial calls. @default 1 */
  halfOpenMaxTrials: number;
  /** A trial not reported within this many ms frees its slot (<= {@link MAX_DURATION_MS}). @default 60000 */
  trialLeaseMs: number;
  /** Optional failure-rate rule, checked in closed in addition to `failureThreshold`. @default undefined (off) */
  failureRate?: FailureRatePolicy;
  /** Optional: a success slower than this many ms counts as a failure. @default undefined (off) */
  slowCallMs?: number;
}

/** Policy as users write it: any field may be left out (undefined = default); the optional rules may be null (off). */
export type BreakerPolicyInput = Partial<Omit<BreakerPolicy, 'failureRate' | 'slowCallMs'>> & {
  failureRate?: FailureRatePolicy | null;
  slowCallMs?: number | null;
};

/** The defaults, seed 000's numbers: 3 failures open for 5 minutes, 2 successes close. */
export const defaultPolicy: Readonly<BreakerPolicy> = Object.freeze({
  failureThreshold: 3,
  successThreshold: 2,
  cooldownMs: 300_000,
  backoffFactor: 2,
  maxCooldownMs: 3_600_000,
  jitter: 0.1,
  halfOpenMaxTrials: 1,
  trialLeaseMs: 60_000,
});

const posInt = 'an integer >= 1';

/**
 * The longest duration a policy or `forceOpen` accepts: 100 years (3,155,760,000,000 ms). Every
 * open period and lease is added to `now` and stored as a timestamp; far past this it leaves
 * the range a `Date` (and the stores' ISO timestamps, years 0000-9999) can hold.
 */
export const MAX_DURATION_MS = 100 * 365.25 * 24 * 3600 * 1000;
const maxText = `${MAX_DURATION_MS} (100 years)`;

/** One field's rule: `ok(value)` for a defined value, and what a user reads when it is not. */
interface Rule {
  ok: (value: unknown) => boolean;
  expected: string;
}
const int = (expected: string, min: number, max = Number.MAX_SAFE_INTEGER): Rule => ({
  ok: (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max,
  expected,
});
const num = (expected: string, min: number, max = Number.POSITIVE_INFINITY, exclusiveMin = false): Rule => ({
  ok: (v) => typeof v === 'number' && Number.isFinite(v) && (exclusiveMin ? v > min : v >= min) && v <= max,
  expected,
});

/** The scalar fields, in the order they are checked (the first failing one is reported). */
const fields: Record<string, Rule> = {
  failureThreshold: int(posInt, 1),
  successThreshold: int(posInt, 1),
  cooldownMs: num(`a finite number of ms >= 0 and <= ${maxText}`, 0, MAX_DURATION_MS),
  backoffFactor: num('a finite number >= 1', 1),
  maxCooldownMs: num(`a finite number of ms >= 0 and <= ${maxText}`, 0, MAX_DURATION_MS),
  jitter: num('a ratio between 0 and 1', 0, 1),
  halfOpenMaxTrials: int(posInt, 1),
  trialLeaseMs: num(`a finite number of ms > 0 and <= ${maxText}`, 0, MAX_DURATION_MS, true),
};
const failureRateFields: Record<string, Rule> = {
  threshold: num('a ratio in (0, 1]', 0, 1, true),
  window: int('an integer between 1 and 10000', 1, 10_000),
  minimumCalls: int(posInt, 1),
};
const slowCallMs = num('a finite number of ms > 0', 0, Number.POSITIVE_INFINITY, true);

/**
 * Throws {@link InvalidPolicyError} for the first field of `shape` (in its order) that `input`
 * lacks or gets wrong, then for the first key `input` has that `shape` does not know.
 * `optional`: a field that is undefined (or absent) is not checked.
 */
function check(
  input: Record<string, unknown>,
  shape: Record<string, Rule>,
  prefix: string,
  optional: boolean,
) {
  for (const [key, rule] of Object.entries(shape)) {
    const value = input[key];
    if ((optional && value === undefined) || rule.ok(value)) continue;
    throw new InvalidPolicyError(prefix + key, rule.expected, value);
  }
}
function refuseUnknown(input: Record<string, unknown>, known: readonly string[], prefix: string) {
  const unknown = Object.keys(input).find((key) => !known.includes(key));
  if (unknown !== undefined)
    throw new InvalidPolicyError(prefix + unknown, 'a known policy field', input[unknown]);
}
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Validates a loose policy and fills the defaults: the one internal shape (frozen).
 * Throws {@link InvalidPolicyError} naming the field, what was expected and what was found.
 * Plain checks, not a schema: every `guardrails run` resolves a policy, and building a zod
 * schema for it cost more than the rest of the validation.
 */
export function resolvePolicy(input: BreakerPolicyInput = {}): Readonly<BreakerPolicy> {
  if (input === null || typeof input !== 'object') throw new InvalidPolicyError('(root)', 'an object', input);
  // undefined means "use the default", like a missing key
  const defined: Record<string, unknown> = Object.fromEntries(
    Object.entries(input).filter(([, v]) => v !== undefined),
  );
  check(defined, fields, '', true);
  const failureRate = defined.failureRate;
  if (failureRate != null) {
    if (!isObject(failureRate)) {
      throw new InvalidPolicyError(
        'failureRate',
        'an object {threshold, window, minimumCalls} or null',
        failureRate,
      );
    }
    check(failureRate, failureRateFields, 'failureRate.', false);
    refuseUnknown(failureRate, Object.keys(failureRateFields), 'failureRate.');
  }
  if (defined.slowCallMs != null && !slowCallMs.ok(defined.slowCallMs)) {
    throw new InvalidPolicyError('slowCallMs', slowCallMs.expected, defined.slowCallMs);
  }
  refuseUnknown(defined, [...Object.keys(fields), 'failureRate', 'slowCallMs'], '');
  const policy: BreakerPolicy = { ...defaultPolicy };
  for (const key of Object.keys(fields) as Array<keyof typeof fields & keyof BreakerPolicy>) {
    if (defined[key] !== undefined) (policy as unknown as Record<string, unknown>)[key] = defined[key];
  }
  if (policy.maxCooldownMs < policy.cooldownMs) {
    throw new InvalidPolicyError(
      'maxCooldownMs',
      `>= cooldownMs (${policy.cooldownMs})`,
      policy.maxCooldownMs,
    );
  }
  if (isObject(failureRate)) {
    const { threshold, window, minimumCalls } = failureRate as unknown as FailureRatePolicy;
    if (minimumCalls > window) {
      throw new InvalidPolicyError(
        'failureRate.minimumCalls',
        `<= failureRate.window (${window})`,
        minimumCalls,
      );
    }
    policy.failureRate = Object.freeze({ threshold, window, minimumCalls });
  }
  if (defined.slowCallMs != null) policy.slowCallMs = defined.slowCallMs as number;
  return Object.freeze(policy);
}

/**
 * The open period after `openCount` previous opens since the last close:
 * `min(maxCooldownMs, cooldownMs * backoffFactor^openCount)`, spread by +/- `jitter` using
 * `random()` (in [0, 1)), then capped at `maxCooldownMs` again. Deterministic for a given `random`.
 */
export function cooldownFor(policy: BreakerPolicy, openCount: number, random: () => number): number {
  // after ~1,000 opens the factor overflows to Infinity: 0 * Infinity would be NaN
  const grown = policy.cooldownMs === 0 ? 0 : policy.cooldownMs * policy.backoffFactor ** openCount;
  const base = Math.min(policy.maxCooldownMs, grown);
  const spread = policy.jitter === 0 ? 1 : 1 + policy.jitter * (2 * random() - 1);
  return Math.round(Math.min(policy.maxCooldownMs, Math.max(0, base * spread)));
}
