import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads each unit', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('45s')).toBe(45_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('12h')).toBe(43_200_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
  });

  it('adds combined parts and takes decimals, any case', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1d12h')).toBe(129_600_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration(' 7D ')).toBe(604_800_000);
    expect(parseDuration('1m1ms')).toBe(60_001);
  });

  it('refuses a number without a unit, unknown units and junk, naming the flag', () => {
    for (const bad of ['5', '7 days', '1y', 'h', '-5m', '5m junk', '']) {
      expect(() => parseDuration(bad, '--keep-within')).toThrow(
        /^steadystate: expected --keep-within like 90s, 30m, 12h/,
      );
    }
  });

  it('is reusable after a failure (no leftover regex state)', () => {
    expect(() => parseDuration('5x')).toThrow();
    expect(parseDuration('5m')).toBe(300_000);
  });
});
