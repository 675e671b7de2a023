import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import { InvalidTransitionError } from './errors.js';
import { door } from './test-machines.js';

type DoorState = (typeof door.states)[number];
type DoorEvent = (typeof door.events)[number];

/** Shortest event path from the initial state to every state (breadth-first over the table). */
function pathsTo(): Map<DoorState, DoorEvent[]> {
  const paths = new Map<DoorState, DoorEvent[]>([[door.initial, []]]);
  const queue: DoorState[] = [door.initial];
  for (let state = queue.shift(); state !== undefined; state = queue.shift()) {
    for (const t of door.transitions().filter((t) => t.from === state)) {
      if (paths.has(t.to)) continue;
      paths.set(t.to, [...(paths.get(state) ?? []), t.event]);
      queue.push(t.to);
    }
  }
  return paths;
}

const paths = pathsTo();

function actorIn(state: DoorState): Actor<DoorState, DoorEvent, { opens: number }> {
  const actor = door.start();
  for (const event of paths.get(state) ?? []) actor.send(event);
  expect(actor.state).toBe(state);
  return actor;
}

describe('door: generated from the transition table', () => {
  it('every state is reachable', () => {
    expect([...paths.keys()].sort()).toEqual([...door.states].sort());
  });

  describe.each(door.transitions())('$from --$event--> $to', ({ from, event, to }) => {
    it('is taken and recorded', () => {
      const actor = actorIn(from);
      expect(actor.can(event)).toBe(true);
      const before = actor.history.length;
      const t = actor.send(event);
      expect(t).toMatchObject({ from, to, event, seq: before + 1 });
      expect(actor.state).toBe(to);
      expect(actor.history.at(-1)).toEqual({ seq: before + 1, from, to, event, at: t.at });
    });
  });

  const invalid = door.states.flatMap((state) =>
    door.events.filter((event) => !door.allowed(state).includes(event)).map((event) => ({ state, event })),
  );

  describe.each(invalid)('$event in $state', ({ state, event }) => {
    it('is an InvalidTransitionError and changes nothing', () => {
      const actor = actorIn(state);
      const before = actor.snapshot();
      expect(actor.can(event)).toBe(false);
      let error: unknown;
      try {
        actor.send(event);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect(error).toMatchObject({
        code: 'EINVALIDTRANSITION',
        machine: 'door',
        state,
        event,
        allowed: door.allowed(state),
      });
      expect(actor.snapshot()).toEqual(before);
    });
  });

  it('covers every (state, event) pair exactly once', () => {
    expect(door.transitions().length + invalid.length).toBe(door.states.length * door.events.length);
  });
});
