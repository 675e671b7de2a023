import { defineMachine } from './define-machine.js';

/** A small machine used by the tests: a door with a counter, a guard, a lock and a terminal state. */
export const door = defineMachine({
  id: 'door',
  initial: 'closed',
  context: () => ({ opens: 0 }),
  states: {
    closed: {
      on: {
        open: {
          target: 'opened',
          guard: (ctx) => ctx.opens < 3,
          action: (ctx) => ({ opens: ctx.opens + 1 }),
        },
        lock: 'locked',
      },
    },
    opened: { on: { close: 'closed' } },
    locked: { on: { unlock: 'closed', demolish: { target: 'gone', severity: 'WARNING' } } },
    gone: { terminal: true },
  },
});
