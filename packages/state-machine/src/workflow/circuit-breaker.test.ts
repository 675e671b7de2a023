import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import {
  type BreakerContext,
  type BreakerEvent,
  type BreakerState,
  circuitBreakerMachine,
  defineCircuitBreakerMachine,
} from './circuit-breaker.js';
import { describeMachine } from './testing/walk.js';

const EVENTS: BreakerEvent[] = ['SUCCESS', 'FAILURE', 'TRIP', 'PROBE', 'RESET'];
const machine = defineCircuitBreakerMachine({ failureThreshold: 2, cooldownMs: 10_000 });
const tripped = ['FAILURE', 'FAILURE', 'TRIP'] as const;
const probe = { type: 'PROBE', now: 9e15 } as const;

describeMachine<BreakerState, BreakerEvent, BreakerContext>('circuit-breaker', {
  machine,
  table: [
    ['CLOSED', 'SUCCESS', 'CLOSED'],
    ['CLOSED', 'FAILURE', 'CLOSED'],
    ['CLOSED', 'TRIP', 'OPEN', ['FAILURE', 'FAILURE']],
    ['OPEN', 'PROBE', 'HALF_OPEN'],
    ['OPEN', 'RESET', 'CLOSED'],
    ['HALF_OPEN', 'SUCCESS', 'CLOSED'],
    ['HALF_OPEN', 'FAILURE', 'OPEN'],
    ['HALF_OPEN', 'RESET', 'CLOSED'],
  ],
  paths: { CLOSED: [], OPEN: tripped, HALF_OPEN: [...tripped, probe] },
  payloads: { PROBE: { now: 9e15 } },
  step: fc.record({
    dt: fc.nat({ max: 8_000 }),
    event: fc.record({ type: fc.constantFrom(...EVENTS), force: fc.boolean() }, { requiredKeys: ['type'] }),
  }),
  invariant: (actor, before, event, accepted) => {
    const c = actor.context;
    expect(c.openedAt !== null).toBe(actor.state !== 'CLOSED');
    if (actor.state === 'CLOSED') expect(c.failures).toBeLessThanOrEqual(before.context.failures + 1);
    if (accepted && before.state === 'CLOSED' && actor.state === 'OPEN' && event.force !== true) {
      expect(before.context.failures).toBeGreaterThanOrEqual(c.failureThreshold);
    }
    if (accepted && before.state === 'OPEN' && actor.state === 'HALF_OPEN') {
      expect((event.now as number) - (before.context.openedAt as number)).toBeGreaterThanOrEqual(
        c.cooldownMs,
      );
    }
  },
});

describe('circuit-breaker machine: the documented lifecycle', () => {
  it('opens at the threshold, probes after the cooldown, closes on a good trial', () => {
    const breaker = circuitBreakerMachine.start();
    breaker.send('FAILURE');
    breaker.send('FAILURE');
    expect(breaker.can({ type: 'TRIP', now: 0 })).toBe(false);
    breaker.send('FAILURE');
    breaker.send({ type: 'TRIP', now: 0 });
    expect(breaker.can({ type: 'PROBE', now: 299_999 })).toBe(false);
    breaker.send({ type: 'PROBE', now: 300_000 });
    breaker.send({ type: 'FAILURE', now: 300_500 });
    expect(breaker.state).toBe('OPEN');
    expect(breaker.context.openedAt).toBe(300_500);
    breaker.send({ type: 'PROBE', now: 600_500 });
    breaker.send('SUCCESS');
    expect(breaker.state).toBe('CLOSED');
    expect(breaker.context.failures).toBe(0);
  });

  it('a success in CLOSED resets the count; manual TRIP with force; bad options refused', () => {
    const breaker = circuitBreakerMachine.start();
    breaker.send('FAILURE');
    breaker.send('SUCCESS');
    expect(breaker.context.failures).toBe(0);
    breaker.send({ type: 'TRIP', now: 5, force: true });
    expect(breaker.state).toBe('OPEN');
    breaker.send('RESET');
    expect(breaker.state).toBe('CLOSED');
    expect(() => defineCircuitBreakerMachine({ failureThreshold: 0 })).toThrow(InvalidOptionError);
  });
});
