/**
 * Test support (not exported): generates, for one workflow machine, the tests every machine
 * gets — each transition of an independently written table walked, each event that is NOT in
 * the table refused in each state, and a fast-check property over random event sequences.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor, Machine } from '../../define-machine.js';
import { GuardRejectedError, InvalidTransitionError } from '../../errors.js';
import type { EventObject } from '../../types.js';

/** A step of a path: an event name or an event object (`now`/`at` default to the fake clock). */
export type Step<E extends string> = E | EventObject<E>;

/** One expected transition: from, event, to, and optional steps (from `from`) that satisfy its guard. */
export type Row<S extends string, E extends string> = readonly [S, E, S, ReadonlyArray<Step<E>>?];

/** What `describeMachine` needs. */
export interface MachineSpec<S extends string, E extends string, C> {
  readonly machine: Machine<S, E, C>;
  /** The expected transition table, written by hand from the doc comment (not from the definition). */
  readonly table: ReadonlyArray<Row<S, E>>;
  /** Events that bring a fresh actor to each state. */
  readonly paths: { readonly [K in S]: ReadonlyArray<Step<E>> };
  /** Payload fields that satisfy each event's guard (in the states of `paths`, after the row's steps). */
  readonly payloads?: { readonly [K in E]?: Readonly<Record<string, unknown>> };
  /** A random event, with a random clock advance before it (`dt` ms). */
  readonly step: fc.Arbitrary<{ readonly dt: number; readonly event: EventObject<E> }>;
  /** Turns a random event into the one sent, given the current context (e.g. a placeholder stage). */
  readonly resolve?: (context: C, event: EventObject<E>) => EventObject<E>;
  /** Machine-specific invariants, checked after every step of the property. */
  readonly invariant?: (
    actor: Actor<S, E, C>,
    before: { readonly state: S; readonly context: C },
    event: EventObject<E>,
    accepted: boolean,
  ) => void;
}

/** A fake clock that advances one second per reading, plus `advance(ms)`. */
export function fakeClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    tick: () => {
      t += 1_000;
      return t;
    },
    advance: (ms: number) => {
      t += ms;
      return t;
    },
  };
}

/** An event object from a step, with `now` and `at` from the clock unless given. */
function eventOf<E extends string>(
  step: Step<E>,
  payloads: MachineSpec<string, E, unknown>['payloads'],
  t: number,
) {
  const ev: EventObject<E> = typeof step === 'string' ? { type: step } : step;
  return { now: t, at: t, ...(payloads?.[ev.type] ?? {}), ...ev } as EventObject<E>;
}

/** Starts an actor and sends `steps` (each must be accepted). */
export function drive<S extends string, E extends string, C>(
  spec: MachineSpec<S, E, C>,
  steps: ReadonlyArray<Step<E>>,
  clock = fakeClock(),
): Actor<S, E, C> {
  const actor = spec.machine.start(undefined, { clock });
  for (const step of steps) actor.send(eventOf(step, spec.payloads, clock.tick()));
  return actor;
}

const key = (from: string, event: string) => `${from} --${event}-->`;

/** Registers the generated tests of one machine. */
export function describeMachine<S extends string, E extends string, C>(
  name: string,
  spec: MachineSpec<S, E, C>,
): void {
  const { machine, table } = spec;
  const expected = new Map(table.map(([from, event, to]) => [key(from, event), to]));
  const allowedIn = (state: S) => table.filter(([from]) => from === state).map(([, event]) => event);

  describe(`${name}: transition table`, () => {
    it('the definition has exactly the documented transitions and terminal states', () => {
      const actual = machine.transitions().map((t) => `${key(t.from, t.event)} ${t.to}`);
      expect(actual.sort()).toEqual(table.map(([f, e, t]) => `${key(f, e)} ${t}`).sort());
      expect(expected.size).toBe(table.length); // no duplicate rows
      const terminal = machine.states.filter((s) => allowedIn(s).length === 0);
      expect([...machine.terminalStates].sort()).toEqual(terminal.sort());
    });

    it.each(machine.states.map((s) => [s]))('the path to %s reaches it', (state) => {
      expect(drive(spec, spec.paths[state as S]).state).toBe(state);
    });

    it.each(
      table.map(([from, event, to, setup]) => [key(from, event), to, from, event, setup ?? []] as const),
    )('%s %s', (_name, to, from, event, setup) => {
      const clock = fakeClock();
      const actor = drive<S, E, C>(spec, [...spec.paths[from], ...setup], clock);
      expect(actor.state).toBe(from);
      const ev = eventOf(event, spec.payloads, clock.tick());
      expect(actor.can(ev)).toBe(true);
      const before = actor.history.length;
      const transition = actor.send(ev);
      expect(actor.state).toBe(to);
      expect(transition).toMatchObject({ from, to, event });
      expect(actor.history).toHaveLength(before + 1);
    });

    const refused = machine.states.flatMap((state) =>
      machine.events
        .filter((event) => !expected.has(key(state, event)))
        .map((event) => [key(state, event), state, event] as const),
    );
    it.each(refused)('%s is refused with InvalidTransitionError', (_name, state, event) => {
      const clock = fakeClock();
      const actor = drive(spec, spec.paths[state], clock);
      const ev = eventOf(event, spec.payloads, clock.tick());
      const snapshot = actor.snapshot();
      expect(actor.can(ev)).toBe(false);
      const error = captureError(() => actor.send(ev));
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error).toMatchObject({ code: 'EINVALIDTRANSITION', machine: machine.id, state, event });
      expect([...(error as InvalidTransitionError).allowed].sort()).toEqual(allowedIn(state).sort());
      expect(actor.snapshot()).toEqual(snapshot);
    });
  });

  // a step keeps its random event 1 time in 4; otherwise it is renamed to an event whose
  // transition (with the step's random payload) is enabled, preferring 2 times in 4 one that does
  // not end the walk in a terminal state, so walks go deep instead of dying on refusals
  const walks = fc.array(fc.tuple(spec.step, fc.nat({ max: 3 }), fc.nat()), {
    minLength: 5,
    maxLength: 50,
    size: 'max',
  });
  type Walk = typeof walks extends fc.Arbitrary<infer W> ? W : never;

  /** Runs one walk, checking the generic and the machine's invariants after every step. */
  const walk = (steps: Walk, visited: Set<string>) => {
    const clock = fakeClock();
    const actor = machine.start(undefined, { clock });
    let accepted = 0;
    for (const [step, keep, k] of steps) {
      const t = clock.advance(step.dt);
      const event = spec.resolve?.(actor.context, step.event) ?? step.event;
      const allowed = actor.allowed();
      const enabled = allowed.filter((e) =>
        actor.can({ now: t, at: t, ...event, type: e } as EventObject<E>),
      );
      const onward = enabled.filter((e) => !machine.isTerminal(expected.get(key(actor.state, e)) as S));
      const pool = [onward, enabled, allowed].find((p) => p.length > 0 && (keep !== 3 || p !== onward)) ?? [];
      const type = keep === 0 || pool.length === 0 ? event.type : (pool[k % pool.length] as E);
      const ev = { now: t, at: t, ...event, type } as EventObject<E>;
      const before = { state: actor.state, context: actor.context };
      const ok = actor.can(ev);
      if (ok) {
        actor.send(ev);
        accepted += 1;
      } else {
        const error = captureError(() => actor.send(ev));
        const known = allowedIn(before.state).includes(ev.type);
        expect(error).toBeInstanceOf(known ? GuardRejectedError : InvalidTransitionError);
        expect(actor.state).toBe(before.state);
        expect(actor.context).toBe(before.context);
      }
      if (machine.isTerminal(before.state)) expect(ok).toBe(false); // terminal states absorb
      if (ok) expect(actor.state).toBe(expected.get(key(before.state, ev.type)));
      // history: one entry per accepted event, seq contiguous, times never decreasing
      const { history } = actor;
      const last = history.at(-1);
      const previous = history.at(-2);
      if (history.length !== accepted || (last !== undefined && last.seq !== accepted)) {
        expect.fail(
          `history of ${history.length} entries (last seq ${last?.seq}) after ${accepted} accepted events`,
        );
      }
      if (
        ok &&
        (last?.from !== before.state || last.to !== actor.state || last.event !== type || last.at !== t)
      ) {
        expect.fail(
          `last history entry ${JSON.stringify(last)} does not record ${before.state} --${type}--> at ${t}`,
        );
      }
      if (last !== undefined && previous !== undefined && last.at < previous.at)
        expect.fail('history time went back');
      spec.invariant?.(actor, before, ev, ok);
      visited.add(actor.state);
    }
    expect(machine.start(JSON.parse(JSON.stringify(actor.snapshot()))).snapshot()).toEqual(actor.snapshot());
  };

  describe(`${name}: property`, () => {
    it('random event sequences keep the invariants (only what can() allows is applied)', () => {
      fc.assert(
        fc.property(walks, (steps) => walk(steps, new Set())),
        { numRuns: 100 },
      );
    });

    it('the random walks are not vacuous: 200 of them (fixed seed) reach every state', () => {
      const visited = new Set<string>();
      for (const steps of fc.sample(walks, { seed: 2026, numRuns: 200 })) walk(steps, visited);
      expect([...visited].sort()).toEqual([...machine.states].sort());
    });
  });
}

/** The error `fn` throws (fails the test when it does not throw). */
export function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, found none');
}
