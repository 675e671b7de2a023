const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', 86_400],
  ['h', 3600],
  ['m', 60],
  ['s', 1],
];

/**
 * `4m 12s`, `1h 5m`, `2.5s`, `800ms`, `3d 4h`: the two largest units; `never` for an
 * infinite time. `round` turns tenths and seconds into whole numbers: `Math.ceil` for a
 * time still to wait (never shown as less than it is). @default Math.round
 */
export function formatDuration(ms: number, round: (x: number) => number = Math.round): string {
  if (!Number.isFinite(ms)) return 'never';
  const abs = Math.max(0, ms);
  if (abs < 1000) return `${Math.round(abs)}ms`;
  if (abs < 10_000 && abs % 1000 !== 0) return `${(round(abs / 100) / 10).toString()}s`;
  let rest = round(abs / 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n) parts.push(`${n}${unit}`);
  }
  return parts.slice(0, 2).join(' ') || '0s';
}
