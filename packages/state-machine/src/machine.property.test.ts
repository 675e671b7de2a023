import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GuardRejectedError, InvalidTransitionError } from './errors.js';
import { door } from './test-machines.js';

const steps = fc.array(
  fc.record({ event: fc.constantFrom(...door.events), dt: fc.integer({ min: -5_000, max: 5_000 }) }),
  { maxLength: 60 },
);

describe('door: random event sequences', () => {
  it('keep the invariants: contiguous seq, non-decreasing time, valid state, terminal never left', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        let now = 1_000_000;
        const actor = door.start(undefined, { clock: { now: () => now } });
        let terminalAt: number | undefined;
        for (const { event, dt } of sequence) {
          now += dt; // the clock may go back: the history must not
          const expected = actor.can(event);
          const wasDone = actor.done;
          try {
            actor.send(event);
            expect(expected).toBe(true);
            expect(wasDone).toBe(false);
          } catch (e) {
            expect(e instanceof InvalidTransitionError || e instanceof GuardRejectedError).toBe(true);
            expect(expected).toBe(false);
          }
          if (actor.done) terminalAt ??= actor.history.length;
          expect(door.states).toContain(actor.state);
        }
        actor.history.forEach((h, i) => {
          expect(h.seq).toBe(i + 1);
          if (i > 0) {
            expect(h.at).toBeGreaterThanOrEqual(actor.history[i - 1]?.at as number);
            expect(h.from).toBe(actor.history[i - 1]?.to);
          }
        });
        if (terminalAt !== undefined) expect(actor.history.length).toBe(terminalAt);
        expect(actor.context.opens).toBe(actor.history.filter((h) => h.event === 'open').length);
        expect(actor.context.opens).toBeLessThanOrEqual(3);
      }),
      { numRuns: 300 },
    );
  });

  it('a snapshot round-trips through JSON and the resumed actor behaves like the original', () => {
    fc.assert(
      fc.property(steps, fc.array(fc.constantFrom(...door.events), { maxLength: 20 }), (before, after) => {
        let now = 0;
        const original = door.start(undefined, { clock: { now: () => now } });
        for (const { event, dt } of before) {
          now += dt;
          if (original.can(event)) original.send(event);
        }
        const resumed = door.start(JSON.parse(JSON.stringify(original.snapshot())), {
          clock: { now: () => now },
        });
        expect(resumed.snapshot()).toEqual(original.snapshot());
        for (const event of after) {
          expect(resumed.can(event)).toBe(original.can(event));
          if (original.can(event)) {
            original.send(event);
            resumed.send(event);
          }
        }
        expect(resumed.snapshot()).toEqual(original.snapshot());
      }),
      { numRuns: 200 },
    );
  });
});
