/**
 * Counters (and the totals that sum them) are held at `Number.MAX_SAFE_INTEGER` instead of
 * growing past it: a count imported that high, or grown for ages, stays a safe integer, which
 * the store's document requires.
 */
export function capCount(n: number): number {
  return Math.min(n, Number.MAX_SAFE_INTEGER);
}
