import * as z from 'zod/mini';
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
  /** First open period in ms. @default 300000 */
  cooldownMs: number;
  /** The open period is multiplied by this after each failed trial (>= 1). @default 2 */
  backoffFactor: number;
  /** Cap of the open period in ms (>= cooldownMs), jitter included. @default 3600000 */
  maxCooldownMs: number;
  /** +/- ratio of random spread applied to each open period, 0..1. @default 0.1 */
  jitter: number;
  /** Concurrent half-open trial calls. @default 1 */
  halfOpenMaxTrials: number;
  /** A trial not reported within this many ms frees its slot. @default 60000 */
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
const int = (expected: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: expected })
    .check(
      z.int({ error: expected }),
      z.minimum(min, { error: expected }),
      z.maximum(max, { error: expected }),
    );
const num = (expected: string, min: number, max = Number.POSITIVE_INFINITY, exclusiveMin = false) =>
  z.number({ error: expected }).check(
    z.refine((v) => Number.isFinite(v) && (exclusiveMin ? v > min : v >= min) && v <= max, {
      error: expected,
    }),
  );

/** The input schema, built on first use (a process that never validates a policy never pays for it). */
let inputSchema: ReturnType<typeof buildInputSchema> | undefined;

function buildInputSchema() {
  return z.strictObject({
    failureThreshold: z.optional(int(posInt, 1)),
    successThreshold: z.optional(int(posInt, 1)),
    cooldownMs: z.optional(num('a finite number of ms >= 0', 0)),
    backoffFactor: z.optional(num('a finite number >= 1', 1)),
    maxCooldownMs: z.optional(num('a finite number of ms >= 0', 0)),
    jitter: z.optional(num('a ratio between 0 and 1', 0, 1)),
    halfOpenMaxTrials: z.optional(int(posInt, 1)),
    trialLeaseMs: z.optional(num('a finite number of ms > 0', 0, Number.POSITIVE_INFINITY, true)),
    failureRate: z.nullish(
      z.strictObject({
        threshold: num('a ratio in (0, 1]', 0, 1, true),
        window: int('an integer between 1 and 10000', 1, 10_000),
        minimumCalls: int(posInt, 1),
      }),
    ),
    slowCallMs: z.nullish(num('a finite number of ms > 0', 0, Number.POSITIVE_INFINITY, true)),
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/**
 * Validates a loose policy and fills the defaults: the one internal shape (frozen).
 * Throws {@link InvalidPolicyError} naming the field, what was expected and what was found.
 */
export function resolvePolicy(input: BreakerPolicyInput = {}): Readonly<BreakerPolicy> {
  if (input === null || typeof input !== 'object') throw new InvalidPolicyError('(root)', 'an object', input);
  // undefined means "use the default", like a missing key
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  inputSchema ??= buildInputSchema();
  const parsed = inputSchema.safeParse(defined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      const field = [...issue.path, issue.keys[0]].join('.');
      throw new InvalidPolicyError(
        field,
        'a known policy field',
        valueAt(defined, [...issue.path, issue.keys[0]!]),
        {
          cause: parsed.error,
        },
      );
    }
    throw new InvalidPolicyError(issue.path.join('.'), issue.message, valueAt(defined, issue.path), {
      cause: parsed.error,
    });
  }
  const { failureRate, slowCallMs, ...rest } = parsed.data;
  const policy: BreakerPolicy = { ...defaultPolicy, ...rest };
  if (policy.maxCooldownMs < policy.cooldownMs) {
    throw new InvalidPolicyError(
      'maxCooldownMs',
      `>= cooldownMs (${policy.cooldownMs})`,
      policy.maxCooldownMs,
    );
  }
  if (failureRate) {
    if (failureRate.minimumCalls > failureRate.window) {
      throw new InvalidPolicyError(
        'failureRate.minimumCalls',
        `<= failureRate.window (${failureRate.window})`,
        failureRate.minimumCalls,
      );
    }
    policy.failureRate = Object.freeze({ ...failureRate });
  }
  if (slowCallMs != null) policy.slowCallMs = slowCallMs;
  return Object.freeze(policy);
}

/**
 * The open period after `openCount` previous opens since the last close:
 * `min(maxCooldownMs, cooldownMs * backoffFactor^openCount)`, spread by +/- `jitter` using
 * `random()` (in [0, 1)), then capped at `maxCooldownMs` again. Deterministic for a given `random`.
 */
export function cooldownFor(policy: BreakerPolicy, openCount: number, random: () => number): number {
  const base = Math.min(policy.maxCooldownMs, policy.cooldownMs * policy.backoffFactor ** openCount);
  const spread = policy.jitter === 0 ? 1 : 1 + policy.jitter * (2 * random() - 1);
  return Math.round(Math.min(policy.maxCooldownMs, Math.max(0, base * spread)));
}
