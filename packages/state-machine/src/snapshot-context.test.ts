import { describe, expect, it } from 'vitest';
import { defineMachine } from './define-machine.js';
import { InvalidContextError, SnapshotError } from './errors.js';
import { door } from './test-machines.js';
import { defineTaskMachine } from './workflow/task.js';

function snapshotError(run: () => unknown): SnapshotError {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SnapshotError);
  expect(error).toMatchObject({ code: 'ESNAPSHOT' });
  return error as SnapshotError;
}

describe("a snapshot's context is checked on resume", () => {
  const task = defineTaskMachine({ maxRetries: 1 });
  const fresh = () => JSON.parse(JSON.stringify(task.start().snapshot()));

  it.each([
    ['null', null, 'found context null, not a plain JSON object'],
    ['missing', undefined, 'found context undefined, not a plain JSON object'],
    ['an array', [], 'found context an array (0 items), not a plain JSON object'],
    ['a string', 'x', 'found context "x", not a plain JSON object'],
  ])('refuses a context that is %s where the machine has an object context', (_, context, message) => {
    const error = snapshotError(() => task.start({ ...fresh(), context }));
    expect(error.message).toMatch(/^state-machine: expected a valid snapshot of machine "task", found /);
    expect(error.message).toContain(message);
  });

  it.each([
    ['a function', { f: () => 1 }, 'context.f: a function'],
    ['a Date', { d: new Date(0) }, 'context.d: a Date'],
    ['NaN', { n: Number.NaN }, 'context.n: NaN'],
    ['a nested undefined in an array', { list: [1, undefined] }, 'context.list[1]: undefined'],
    ['a class instance', { m: new Map() }, 'context.m: a Map'],
  ])('refuses a context holding %s (not JSON data), naming where', (_, context, message) => {
    const error = snapshotError(() =>
      task.start({ ...fresh(), context: { ...fresh().context, ...context } }),
    );
    expect(error.message).toContain(message);
  });

  it('keeps a "__proto__" key of parsed JSON as data, not as the prototype', () => {
    const snap = fresh();
    const a = task.start({
      ...snap,
      context: JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(snap.context).slice(1)}`),
    });
    expect(Object.getPrototypeOf(a.context)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(a.context, '__proto__')?.value).toEqual({ x: 1 });
    expect(a.context.maxRetries).toBe(1);
  });

  it('refuses a cyclic context', () => {
    const context = { ...fresh().context } as Record<string, unknown>;
    context.self = context;
    expect(snapshotError(() => task.start({ ...fresh(), context })).message).toContain(
      'context.self: a cycle',
    );
  });

  it('before: `context: null` resumed and the next send was a bare TypeError', () => {
    snapshotError(() => task.start({ ...fresh(), context: null }));
  });

  it('a machine without a context round-trips (the context is left out of the JSON)', () => {
    const light = defineMachine({
      id: 'light',
      initial: 'off',
      states: { off: { on: { on: 'lit' } }, lit: {} },
    });
    const a = light.start();
    a.send('on');
    const resumed = light.start(JSON.parse(JSON.stringify(a.snapshot())));
    expect(resumed.state).toBe('lit');
    expect(resumed.context).toBeUndefined();
  });

  it('a machine whose context is not an object accepts any JSON value', () => {
    const count = defineMachine({
      id: 'count',
      initial: 'on',
      context: () => 0,
      states: { on: { on: { inc: { target: 'on', action: (n) => n + 1 } } } },
    });
    const a = count.start();
    a.send('inc');
    expect(count.start(JSON.parse(JSON.stringify(a.snapshot()))).context).toBe(1);
  });
});

describe('snapshot() of a context that is not JSON data', () => {
  it('is a SnapshotError naming where, not a snapshot that cannot be resumed', () => {
    const clocked = defineMachine({
      id: 'clocked',
      initial: 'a',
      context: () => ({ since: new Date(0) }),
      states: { a: {} },
    });
    const a = clocked.start();
    expect(a.context.since).toBeInstanceOf(Date); // a live actor may hold one
    const error = snapshotError(() => a.snapshot());
    expect(error.message).toContain('context.since: a Date');
  });

  it('the snapshot of the door resumes in memory, without JSON in between', () => {
    const a = door.start();
    a.send('open');
    expect(door.start(a.snapshot()).context).toEqual({ opens: 1 });
  });
});

describe('an action that returns a context a snapshot could not be resumed from', () => {
  const job = defineMachine({
    id: 'job',
    initial: 'a',
    context: () => ({ n: 0 }),
    states: {
      a: {
        on: {
          // JS: forgot `return`
          go: { target: 'b', action: ((ctx: { n: number }) => void { n: ctx.n + 1 }) as never },
          list: { target: 'b', action: (() => [1, 2]) as never },
          ok: { target: 'b', action: (ctx) => ({ n: ctx.n + 1 }) },
        },
      },
      b: { on: { back: 'a' } },
    },
  });

  it.each([
    ['go', 'undefined'],
    ['list', 'an array (2 items)'],
  ] as const)('is refused at send (%s), the actor unchanged and its snapshot resumable', (event, found) => {
    const seen: unknown[] = [];
    const actor = job.start(undefined, { sinks: [{ write: (r) => void seen.push(r) }] });
    let error: unknown;
    try {
      actor.send(event);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidContextError);
    expect(error).toMatchObject({ code: 'ECONTEXT', machine: 'job', state: 'a', event, target: 'b', found });
    expect((error as Error).message).toBe(
      `state-machine: expected the action of "a" --${event}--> "b" in machine "job" to return a plain object like the machine's initial context, found ${found}`,
    );
    expect(actor.state).toBe('a');
    expect(actor.context).toEqual({ n: 0 });
    expect(actor.history).toEqual([]);
    expect(seen).toEqual([]);
    actor.send('ok');
    expect(job.start(JSON.parse(JSON.stringify(actor.snapshot()))).context).toEqual({ n: 1 });
  });

  it('a machine whose initial context is not an object still takes any value from an action', () => {
    const loose = defineMachine({
      id: 'loose',
      initial: 'a',
      states: { a: { on: { go: { target: 'a', action: () => undefined } } } },
    });
    const actor = loose.start();
    actor.send('go');
    expect(loose.start(JSON.parse(JSON.stringify(actor.snapshot()))).state).toBe('a');
  });
});
