/** Polling schedule while waiting: fast first, capped, with jitter so pollers do not march in step. */
export interface BackoffPolicy {
  firstMs: number;
  factor: number;
  capMs: number;
  /** +/- ratio, 0..1 */
  jitter: number;
}

export const POLL: BackoffPolicy = { firstMs: 5, factor: 1.5, capMs: 100, jitter: 0.25 };

/** Delay before poll number `n` (0-based). `random` is injectable for tests. */
export function backoffDelay(
  n: number,
  policy: BackoffPolicy = POLL,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.capMs, policy.firstMs * policy.factor ** n);
  return Math.max(1, Math.round(base * (1 - policy.jitter + 2 * policy.jitter * random())));
}
