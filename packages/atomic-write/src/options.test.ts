import { join } from 'node:path';
import { oddValues } from '@steadystate/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../test/scratch-dir.js';
import { sweepTempFiles } from './sweep.js';
import { writeFileAtomic } from './write-file.js';
import { writeJsonAtomic } from './write-json.js';

/** The option error a caller gets for `value`, or undefined when the call succeeded. */
async function rejection(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('options: a value of the wrong kind is rejected with a message naming it', () => {
  let dir = '';
  const file = () => join(dir, 'state.json');
  const cases = [
    {
      option: 'mode',
      valid: (v: unknown) =>
        v == null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0o7777),
      call: (v: unknown) => writeFileAtomic(file(), 'x', { mode: v as number }),
    },
    {
      option: 'space',
      valid: (v: unknown) => v == null || typeof v === 'string' || (typeof v === 'number' && v >= 0),
      call: (v: unknown) => writeJsonAtomic(file(), {}, { space: v as number }),
    },
    {
      option: 'olderThanMs',
      valid: (v: unknown) => v == null || (Number.isFinite(v) && (v as number) >= 0),
      call: (v: unknown) => sweepTempFiles(dir, { olderThanMs: v as number }),
    },
  ];
  for (const { option, valid, call } of cases) {
    it(`${option}: never a TypeError from turning the value into text`, async () => {
      dir = scratchDir();
      await fc.assert(
        fc.asyncProperty(oddValues(), async (value) => {
          fc.pre(!valid(value));
          const error = await rejection(() => call(value));
          expect(error).toBeInstanceOf(TypeError);
          expect((error as Error).message).toMatch(
            new RegExp(`^atomic-write: expected ${option} to be .+, found .+`),
          );
        }),
        { numRuns: 150 },
      );
    });
  }

  it('shows the value as found: a null-prototype object, a symbol, a BigInt', async () => {
    dir = scratchDir();
    const messages = await Promise.all([
      rejection(() => writeFileAtomic(file(), 'x', { mode: Object.create(null) })),
      rejection(() => writeJsonAtomic(file(), {}, { space: Symbol('tab') as never })),
      rejection(() => sweepTempFiles(dir, { olderThanMs: 10n as never })),
    ]).then((errors) => errors.map((e) => (e as Error).message.replace(/^.*, found /, '')));
    expect(messages).toEqual(['[Object: null prototype] {}', 'Symbol(tab)', '10n']);
  });
});
