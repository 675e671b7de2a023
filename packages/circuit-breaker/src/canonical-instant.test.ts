import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalInstant } from './canonical-instant.js';

/** The definition: Date reads the string and writes it back unchanged. */
function roundTrips(value: unknown): boolean {
  if (typeof value !== 'string' || value.length !== 24) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}

const MIN = Date.parse('0000-01-01T00:00:00.000Z');
const MAX = Date.parse('9999-12-31T23:59:59.999Z');
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Strings of the instant's shape whose fields range past what is valid (month 13, day 31 of April, 24:60:60, ...). */
const shaped = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    ms: fc.integer({ min: 0, max: 999 }),
  })
  .map(
    (f) =>
      `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}T${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}.${pad(f.ms, 3)}Z`,
  );

/** A canonical instant with one character replaced. */
const damaged = fc
  .tuple(
    fc.integer({ min: MIN, max: MAX }),
    fc.nat({ max: 23 }),
    fc.constantFrom('0', '9', '-', ':', 'T', 'Z', 'z', '.', ' ', '+', 'a', '٣'),
  )
  .map(([ms, at, c]) => {
    const s = new Date(ms).toISOString();
    return s.slice(0, at) + c + s.slice(at + 1);
  });

describe('isCanonicalInstant', () => {
  it('accepts whatever toISOString writes for years 0000 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN, max: MAX }), (ms) => {
        expect(isCanonicalInstant(new Date(ms).toISOString())).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers as the Date round trip does on near misses and on any string', () => {
    fc.assert(
      fc.property(fc.oneof(shaped, damaged, fc.string({ minLength: 24, maxLength: 24 })), (s) => {
        expect(isCanonicalInstant(s)).toBe(roundTrips(s));
      }),
      { numRuns: 5000 },
    );
  });

  it('knows leap years as the Gregorian calendar does', () => {
    const feb29 = (year: string) => `${year}-02-29T00:00:00.000Z`;
    expect(['2024', '2000', '1600', '0000'].map((y) => isCanonicalInstant(feb29(y)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['2023', '1900', '2100', '0001'].map((y) => isCanonicalInstant(feb29(y)))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('refuses other forms of the same instant and values that are not strings', () => {
    for (const other of [
      '2026-02-10T12:34:56.789+00:00',
      '2026-02-10T12:34:56Z',
      '2026-02-10 12:34:56.789Z',
      '2026-02-10T12:34:56.789z',
      '+002026-02-10T12:34:56.789Z',
      '2026-02-10T12:34:60.000Z',
      '2026-04-31T00:00:00.000Z',
      1770726896789,
      null,
      new Date(0),
    ])
      expect(isCanonicalInstant(other)).toBe(false);
  });
});
