import { oddValues } from '@steadystate/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from './errors.js';
import { type EventLogOptions, resolveEventLogOptions } from './event-log-options.js';

const VALID: Record<string, (v: unknown) => boolean> = {
  maxBytes: (v) => v == null || (typeof v === 'number' && v > 0),
  keep: (v) => v == null || (Number.isSafeInteger(v) && (v as number) >= 0),
  maxBatch: (v) => v == null || (Number.isSafeInteger(v) && (v as number) >= 1),
  clock: (v) => v == null || typeof (v as { now?: unknown }).now === 'function',
};

describe('EventLog options: a value of the wrong kind is an InvalidOptionError naming it', () => {
  for (const option of Object.keys(VALID)) {
    it(`${option}: never a TypeError from showing the value`, () => {
      fc.assert(
        fc.property(oddValues(), (value) => {
          fc.pre(!(VALID[option] as (v: unknown) => boolean)(value));
          let error: unknown;
          try {
            resolveEventLogOptions('events.jsonl', { [option]: value } as EventLogOptions);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(InvalidOptionError);
          expect((error as Error).message).toMatch(
            new RegExp(`^state-machine: expected ${option} to be .+, found .+`),
          );
        }),
        { numRuns: 100 },
      );
    });
  }

  it('shows a value JSON cannot: a cyclic object without a prototype', () => {
    const odd = Object.create(null) as Record<string, unknown>;
    odd.self = odd;
    expect(() => resolveEventLogOptions('events.jsonl', { clock: odd as never })).toThrow(
      'state-machine: expected clock to be an object with now(), found <ref *1> [Object: null prototype] { self: [Circular *1] }',
    );
  });
});
