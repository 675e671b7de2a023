import { oddValues } from '@steadystate/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LockOptionError } from './errors.js';
import { type LockOptions, MAX_TIMER_MS, MIN_STALE_MS, resolveOptions } from './options.js';

const number = (v: unknown) => typeof v === 'number' && !Number.isNaN(v);
const VALID: Record<keyof LockOptions, (v: unknown) => boolean> = {
  staleMs: (v) =>
    v === undefined || (number(v) && (v as number) >= MIN_STALE_MS && (v as number) <= MAX_TIMER_MS),
  timeoutMs: (v) =>
    v === undefined ||
    v === Number.POSITIVE_INFINITY ||
    (number(v) && (v as number) >= 0 && (v as number) <= MAX_TIMER_MS),
  lockPath: (v) => v === undefined || (typeof v === 'string' && v !== ''),
  signal: (v) => v === undefined,
};

describe('lock options: a value of the wrong kind is a LockOptionError naming it', () => {
  for (const option of Object.keys(VALID) as Array<keyof LockOptions>) {
    it(`${option}: never a TypeError from turning the value into text`, () => {
      fc.assert(
        fc.property(oddValues(), (value) => {
          fc.pre(!VALID[option](value));
          let error: unknown;
          try {
            resolveOptions({ [option]: value } as LockOptions);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(LockOptionError);
          expect(error).toMatchObject({ code: 'ELOCKOPTION', option });
          expect((error as Error).message).toMatch(
            new RegExp(`^file-lock: expected option ${option} to be .+, found .+`),
          );
        }),
        { numRuns: 150 },
      );
    });
  }

  it('takes an AbortSignal, from this realm or look-alike', () => {
    const signal = new AbortController().signal;
    expect(resolveOptions({ signal }).signal).toBe(signal);
    const lookAlike = { aborted: false, addEventListener() {}, removeEventListener() {} };
    expect(resolveOptions({ signal: lookAlike as unknown as AbortSignal }).signal).toBe(lookAlike);
  });

  it('refuses times longer than a timer can wait (2^31 - 1 ms); Infinity waits forever', () => {
    expect(MAX_TIMER_MS).toBe(2_147_483_647);
    expect(resolveOptions({ timeoutMs: MAX_TIMER_MS, staleMs: MAX_TIMER_MS })).toMatchObject({
      timeoutMs: MAX_TIMER_MS,
      staleMs: MAX_TIMER_MS,
    });
    expect(resolveOptions({ timeoutMs: Number.POSITIVE_INFINITY }).timeoutMs).toBe(Number.POSITIVE_INFINITY);
    expect(() => resolveOptions({ timeoutMs: 2 ** 31 })).toThrow(
      'file-lock: expected option timeoutMs to be a number from 0 to 2147483647 (2^31 - 1 ms, the longest timer), or Infinity to wait forever, found 2147483648',
    );
    expect(() => resolveOptions({ staleMs: 2 ** 33 })).toThrow(
      'file-lock: expected option staleMs to be a finite number from 100 to 2147483647 (2^31 - 1 ms, the longest timer), found 8589934592',
    );
    for (const [option, value] of [
      ['timeoutMs', MAX_TIMER_MS + 1],
      ['timeoutMs', Number.MAX_VALUE],
      ['staleMs', MAX_TIMER_MS + 1],
      ['staleMs', Number.POSITIVE_INFINITY],
    ] as const) {
      expect(() => resolveOptions({ [option]: value })).toThrow(LockOptionError);
      try {
        resolveOptions({ [option]: value });
      } catch (e) {
        expect(e).toMatchObject({ code: 'ELOCKOPTION', option, value });
      }
    }
  });

  it('shows the value as found', () => {
    expect(() => resolveOptions({ staleMs: Object.create(null) })).toThrow(
      'file-lock: expected option staleMs to be a number >= 0, found [Object: null prototype] {}',
    );
    expect(() => resolveOptions({ signal: 'stop' as never })).toThrow(
      "file-lock: expected option signal to be an AbortSignal, found 'stop'",
    );
  });
});
