import { oddValues, thrown } from '@steadystate/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidValueError } from './errors.js';
import { resolveRedisOptions } from './redis/connection.js';
import { resolvePolicy } from './retention.js';
import { resolveSqliteOptions } from './sqlite/options.js';
import { StateManager } from './state-manager.js';
import type { RetentionPolicy } from './types.js';

/* Whatever a caller passes by mistake, the error is the one documented, with a message that shows the value. */

const count = (v: unknown) => v === undefined || (typeof v === 'number' && !Number.isNaN(v) && v >= 0);

describe('odd option values get the documented error, never a TypeError from showing them', () => {
  it('retention counts: InvalidValueError naming the option', () => {
    fc.assert(
      fc.property(fc.constantFrom('keepLast', 'keepDaily', 'keepWithin'), oddValues(), (option, value) => {
        fc.pre(!count(value));
        const error = thrown(() => resolvePolicy({ [option]: value } as RetentionPolicy));
        expect(error).toBeInstanceOf(InvalidValueError);
        expect(error).toMatchObject({
          code: 'EINVALIDVALUE',
          path: `retention.${option}`,
        });
        expect((error as Error).message).toMatch(
          new RegExp(
            `^checkpoint: expected a JSON value at retention\\.${option}, found .+ \\(expected an? .+ >= 0\\)$`,
            's',
          ),
        );
      }),
    );
  });

  it('SQLite and Redis options: TypeError naming the option', () => {
    const cases: Array<[string, (v: unknown) => boolean, (v: unknown) => unknown]> = [
      ['file', (v) => typeof v === 'string' && v !== '', (v) => resolveSqliteOptions({ file: v as string })],
      [
        'busyTimeoutMs',
        (v) => v == null || (Number.isFinite(v) && (v as number) >= 0),
        (v) => resolveSqliteOptions({ file: 'x.db', busyTimeoutMs: v as number }),
      ],
      [
        'synchronous',
        (v) => v == null || v === 'full' || v === 'normal',
        (v) => resolveSqliteOptions({ file: 'x.db', synchronous: v as 'full' }),
      ],
      [
        'timeoutMs',
        (v) => v == null || (Number.isFinite(v) && (v as number) > 0),
        (v) => resolveRedisOptions({ timeoutMs: v as number }),
      ],
      [
        'prefix',
        (v) => v == null || (typeof v === 'string' && v !== ''),
        (v) => resolveRedisOptions({ prefix: v as string }),
      ],
    ];
    for (const [option, valid, call] of cases) {
      fc.assert(
        fc.property(oddValues(), (value) => {
          fc.pre(!valid(value));
          const error = thrown(() => call(value));
          expect(error).toBeInstanceOf(TypeError);
          expect((error as Error).message).toMatch(
            new RegExp(`^checkpoint: expected options\\.${option} to be .+, found .+`),
          );
        }),
        { numRuns: 60 },
      );
    }
  });

  it('ifRevision, checkpoint and maxAgeMs: InvalidValueError; a batch failure with an odd error is recorded', async () => {
    const m = await StateManager.open({ backend: 'memory', namespace: 'odd' });
    await fc.assert(
      fc.asyncProperty(oddValues(), async (value) => {
        fc.pre(!(value === undefined || (Number.isInteger(value) && (value as number) >= 0)));
        await expect(m.save('k', 1, { ifRevision: value as number })).rejects.toMatchObject({
          code: 'EINVALIDVALUE',
          path: 'ifRevision',
        });
      }),
      { numRuns: 60 },
    );
    await expect(m.save('k', 1, { checkpoint: Object.create(null) })).rejects.toThrow(
      'found [Object: null prototype] {} (expected a boolean or a checkpoint name)',
    );
    await expect(m.isStale(Symbol('age') as never)).rejects.toThrow(
      'found Symbol(age) (expected a number >= 0)',
    );
    const batch = m.batch('b');
    await batch.create(['a', 'b', 'c']);
    await batch.fail('a', Object.create(null));
    await batch.fail('b', 'plain text');
    await batch.fail('c', new Error('an Error'));
    expect((await batch.progress()).failed).toEqual([
      { item: 'a', error: '[Object: null prototype] {}' },
      { item: 'b', error: 'plain text' },
      { item: 'c', error: 'an Error' },
    ]);
  });
});
