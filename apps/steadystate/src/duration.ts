/** Durations on the command line: `500ms`, `45s`, `30m`, `12h`, `7d`, `2w`, or combined (`1h30m`). */
import { UsageError } from './cli-errors.js';

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;

/**
 * Milliseconds in a duration such as `7d`, `12h`, `1h30m` or `1.5h`; a number needs
 * its unit (a bare `5` could mean seconds or minutes), so it is a usage error.
 */
export function parseDuration(text: string, what = 'a duration'): number {
  const input = text.trim().toLowerCase();
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < input.length) {
    const at = PART.lastIndex;
    const match = PART.exec(input);
    if (!match || match.index !== at) {
      PART.lastIndex = 0;
      throw new UsageError(
        `expected ${what} like 90s, 30m, 12h, 7d or 1h30m (units ms s m h d w), found ${JSON.stringify(text)}`,
      );
    }
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  if (input === '') {
    throw new UsageError(`expected ${what} like 90s, 30m, 12h or 7d, found an empty string`);
  }
  return Math.round(total);
}
