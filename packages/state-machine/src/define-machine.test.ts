import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineMachine, type EventOf, type StateOf } from './define-machine.js';
import { GuardRejectedError, InvalidTransitionError, MachineDefinitionError } from './errors.js';
import { door } from './test-machines.js';

describe('defineMachine', () => {
  it('infers literal state and event types; send accepts only the machine events', () => {
    expectTypeOf<StateOf<typeof door>>().toEqualTypeOf<'closed' | 'opened' | 'locked' | 'gone'>();
    expectTypeOf<EventOf<typeof door>>().toEqualTypeOf<'open' | 'close' | 'lock' | 'unlock' | 'demolish'>();
    const actor = door.start();
    expectTypeOf(actor.state).toEqualTypeOf<'closed' | 'opened' | 'locked' | 'gone'>();
    expectTypeOf(actor.context).toEqualTypeOf<{ opens: number }>();
    // @ts-expect-error 'kick' is not an event of the door
    expect(() => actor.send('kick')).toThrow(InvalidTransitionError);
    // @ts-expect-error not an event either, as an object
    expect(() => actor.send({ type: 'kick' })).toThrow(InvalidTransitionError);
  });

  it('rejects unknown targets and initial states at compile time and at runtime', () => {
    expect(() =>
      // @ts-expect-error 'nowhere' is not a state
      defineMachine({ id: 'x', initial: 'a', states: { a: { on: { go: 'nowhere' } } } }),
    ).toThrow(MachineDefinitionError);
    // @ts-expect-error 'zz' is not a state
    expect(() => defineMachine({ id: 'x', initial: 'zz', states: { a: {} } })).toThrow(/initial state "zz"/);
    expect(() =>
      // @ts-expect-error a terminal state takes no transitions
      defineMachine({ id: 'x', initial: 'a', states: { a: { terminal: true, on: { go: 'a' } } } }),
    ).toThrow(/terminal state "a" with transitions/);
  });

  it('runs guards and actions on a typed context', () => {
    const actor = door.start();
    for (let i = 0; i < 3; i++) {
      actor.send('open');
      actor.send('close');
    }
    expect(actor.context).toEqual({ opens: 3 });
    expect(actor.can('open')).toBe(false);
    const error = (() => {
      try {
        actor.send('open');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(GuardRejectedError);
    expect(error).toMatchObject({ code: 'EGUARD', state: 'closed', event: 'open', target: 'opened' });
    expect(actor.state).toBe('closed');
    expect(actor.history).toHaveLength(6);
  });

  it('names machine, state, event and allowed events in an invalid transition', () => {
    const actor = door.start();
    actor.send('lock');
    expect(() => actor.send('close')).toThrow(
      'state-machine: expected one of "unlock", "demolish" in state "locked" of machine "door", found event "close"',
    );
    actor.send('demolish');
    expect(actor.done).toBe(true);
    try {
      actor.send('unlock');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        code: 'EINVALIDTRANSITION',
        machine: 'door',
        state: 'gone',
        event: 'unlock',
        allowed: [],
      });
    }
  });

  it('records history with contiguous seq and a clock clamped so time never goes back', () => {
    const times = [1000, 2000, 1500, 3000];
    const actor = door.start(undefined, { clock: { now: () => times.shift() ?? 0 } });
    actor.send('open');
    actor.send('close');
    actor.send('lock');
    actor.send('unlock');
    expect(actor.history).toEqual([
      { seq: 1, from: 'closed', to: 'opened', event: 'open', at: 1000 },
      { seq: 2, from: 'opened', to: 'closed', event: 'close', at: 2000 },
      { seq: 3, from: 'closed', to: 'locked', event: 'lock', at: 2000 },
      { seq: 4, from: 'locked', to: 'closed', event: 'unlock', at: 3000 },
    ]);
  });

  it('lists the transition table', () => {
    expect(door.transitions()).toContainEqual({ from: 'locked', event: 'demolish', to: 'gone' });
    expect(door.transitions()).toHaveLength(5);
    expect(door.terminalStates).toEqual(['gone']);
    expect(door.allowed('gone')).toEqual([]);
  });
});
