import { describe, expect, it } from 'vitest';
import { defineMachine } from './define-machine.js';
import { door } from './test-machines.js';
import { defineTaskMachine } from './workflow/task.js';

// Seed 002 §8.5 "State History Append-Only", and an actor whose state changes only through `send`.
describe('what an actor hands out cannot change the actor', () => {
  it('history: popping, pushing or editing an entry throws; the actor and its snapshot are unchanged', () => {
    const a = door.start();
    a.send('open');
    a.send('close');
    const history = a.history as unknown as Array<{ to: string }>;
    expect(() => history.pop()).toThrow(TypeError);
    expect(() => history.push({ to: 'gone' })).toThrow(TypeError);
    expect(() => {
      (history[0] as { to: string }).to = 'gone';
    }).toThrow(TypeError);
    expect(a.history.map((h) => h.to)).toEqual(['opened', 'closed']);
    const resumed = door.start(JSON.parse(JSON.stringify(a.snapshot())));
    expect(resumed.history).toEqual(a.history);
    expect(resumed.send('open').seq).toBe(3);
  });

  it('history: a copy taken earlier stays as it was; reading twice without a send gives the same array', () => {
    const a = door.start();
    a.send('open');
    const before = a.history;
    expect(a.history).toBe(before); // no copy per access
    a.send('close');
    expect(before).toHaveLength(1);
    expect(a.history).toHaveLength(2);
    expect(Object.isFrozen(a.history)).toBe(true);
  });

  it('snapshot(): editing the snapshot does not change the actor (no way around the retry limit)', () => {
    const task = defineTaskMachine({ maxRetries: 1 });
    const a = task.start();
    a.send({ type: 'QUEUE' });
    a.send({ type: 'ASSIGN', workerId: 'w1' });
    const snap = a.snapshot() as { context: { maxRetries: number } };
    snap.context.maxRetries = 99;
    expect(a.context.maxRetries).toBe(1);
    a.send('RETRY');
    a.send('REQUEUE');
    a.send({ type: 'ASSIGN', workerId: 'w1' });
    expect(a.can('RETRY')).toBe(false);
  });

  it('start(snapshot): the actor keeps a copy, not the caller object', () => {
    const task = defineTaskMachine({ maxRetries: 1 });
    const snap = JSON.parse(JSON.stringify(task.start().snapshot()));
    const a = task.start(snap);
    snap.context.maxRetries = 99;
    snap.history.push({ seq: 1, from: 'PENDING', to: 'QUEUED', event: 'QUEUE', at: 0 });
    expect(a.context.maxRetries).toBe(1);
    expect(a.history).toEqual([]);
  });

  it('context: frozen all the way down; writing to it throws and changes nothing', () => {
    const a = defineTaskMachine({ maxRetries: 1, dependencies: { tasks: ['t0'] } }).start();
    const ctx = a.context as unknown as { maxRetries: number; dependencies: { tasks: string[] } };
    expect(() => {
      ctx.maxRetries = 99;
    }).toThrow(TypeError);
    expect(() => ctx.dependencies.tasks.push('t9')).toThrow(TypeError);
    expect(a.context.maxRetries).toBe(1);
    expect(a.context.dependencies.tasks).toEqual(['t0']);
  });

  it('context: an object an action takes from the event is copied, never frozen or shared', () => {
    const cart = defineMachine({
      id: 'cart',
      initial: 'open',
      context: () => ({ items: [] as Array<{ sku: string }> }),
      states: {
        open: {
          on: {
            add: {
              target: 'open',
              action: (ctx, ev) => ({ items: [...ctx.items, ev.item as { sku: string }] }),
            },
          },
        },
      },
    });
    const a = cart.start();
    const item = { sku: 'a' };
    a.send({ type: 'add', item });
    item.sku = 'changed later'; // the caller's object stays theirs
    expect(Object.isFrozen(item)).toBe(false);
    expect(a.context.items).toEqual([{ sku: 'a' }]);
    a.send({ type: 'add', item: { sku: 'b' } });
    expect(a.context.items.map((i) => i.sku)).toEqual(['a', 'b']);
  });

  it('context: an action that mutates the context it is given fails and leaves the actor unchanged', () => {
    const counter = defineMachine({
      id: 'counter',
      initial: 'on',
      context: () => ({ n: 0 }),
      states: {
        on: {
          on: {
            inc: {
              target: 'on',
              action: (ctx) => {
                (ctx as { n: number }).n++;
                return ctx;
              },
            },
          },
        },
      },
    });
    const a = counter.start();
    expect(() => a.send('inc')).toThrow(TypeError);
    expect(a.context).toEqual({ n: 0 });
    expect(a.history).toEqual([]);
  });
});
