// How the benchmarks time work and report it: percentiles and milliseconds.

/** The p-th percentile of `xs` (nearest rank). */
export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Milliseconds with as many digits as their size deserves; `—` for none. */
export const ms = (x) =>
  x === undefined ? '—' : x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1);

/** Milliseconds `fn` took. */
export async function timed(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Milliseconds a synchronous `fn` took (no await between the clock reads). */
export function timedSync(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}
