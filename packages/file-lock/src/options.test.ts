import { oddValues } from '@steadystate/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LockOptionError } from './errors.js';
import { type LockOptions, MIN_STALE_MS, resolveOptions } from './options.js';

const number = (v: unknown) => typeof v === 'number' && !Number.isNaN(v);
const VALID: Record<keyof LockOptions, (v: unknown) => boolean> = {
  staleMs: (v) => v === undefined || (number(v) && Number.isFinite(v) && (v as number) >= MIN_STALE_MS),
  timeoutMs: (v) => v === undefined || (number(v) && (v as number) >= 0),
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

  it('shows the value as found', () => {
    expect(() => resolveOptions({ staleMs: Object.create(null) })).toThrow(
      'file-lock: expected option staleMs to be a number >= 0, found [Object: null prototype] {}',
    );
    expect(() => resolveOptions({ signal: 'stop' as never })).toThrow(
      "file-lock: expected option signal to be an AbortSignal, found 'stop'",
    );
  });
});
