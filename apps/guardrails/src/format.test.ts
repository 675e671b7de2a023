import { describe, expect, it } from 'vitest';
import {
  colors,
  formatDuration,
  formatRetry,
  formatTable,
  stripAnsi,
  truncate,
  visibleLength,
} from './format.js';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [800, '800ms'],
    [2500, '2.5s'],
    [5000, '5s'],
    [252_000, '4m 12s'],
    [3_900_000, '1h 5m'],
    [90_061_000, '1d 1h'],
    [Number.POSITIVE_INFINITY, 'never'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatRetry', () => {
  it('gives local time and the remaining time', () => {
    const now = new Date(2026, 1, 10, 14, 0, 0).getTime();
    expect(formatRetry(now + 252_000, now)).toBe('14:04:12 (in 4m 12s)');
    expect(formatRetry(now - 1, now)).toBe('now');
    expect(formatRetry(null, now)).toBe('only after a manual reset');
  });
  it('adds the date when not today', () => {
    const now = new Date(2026, 1, 10, 23, 59, 0).getTime();
    expect(formatRetry(now + 3_600_000, now)).toBe('2026-02-11 00:59:00 (in 1h)');
  });
});

describe('formatTable', () => {
  it('aligns coloured cells by their visible width', () => {
    const c = colors(true);
    const table = formatTable(
      ['NAME', 'STATE'],
      [
        [c.red('lint'), 'open'],
        ['format', 'closed'],
      ],
    );
    const lines = table.split('\n').map(stripAnsi);
    expect(lines).toEqual(['NAME    STATE', 'lint    open', 'format  closed']);
    expect(visibleLength(c.bold('abc'))).toBe(3);
  });
  it('colours nothing when disabled', () => {
    expect(colors(false).red('x')).toBe('x');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
