import { describe, expect, it } from 'vitest';
import { resolvePolicy } from './policy.js';
import type { BreakerRecord } from './record.js';
import { type TransitionEvent, transition } from './transition.js';

const T0 = 1_000_000;
const policy = resolvePolicy({
  cooldownMs: 1_000,
  jitter: 0,
  trialLeaseMs: 500,
  failureRate: { threshold: 0.5, window: 3, minimumCalls: 3 },
});

/** The record after `events`, applied in order from none, like a store would. */
function recordAfter(...events: Array<[TransitionEvent, number]>): BreakerRecord {
  let record: BreakerRecord | undefined;
  for (const [event, now] of events) record = transition(record, event, policy, now).record;
  return record!;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const fail = (generation: number): [TransitionEvent, number] => [
  { type: 'failure', generation, error: 'boom' },
  T0,
];
const open = recordAfter(fail(0), fail(0), fail(0));
// past the cooldown: half_open, holding the lease of trial t
const halfOpen = recordAfter(fail(0), fail(0), fail(0), [
  { type: 'acquire', id: 't', owner: 'me' },
  T0 + 1_000,
]);
const disabled = recordAfter([{ type: 'disable' }, T0], fail(1));

describe('transition never mutates the record it is given', () => {
  it.each([
    ['open', open, T0 + 500], // before its retryAt: halfOpen applies
    ['half_open with a trial lease', halfOpen, T0 + 1_100],
    ['disabled', disabled, T0 + 10], // enable applies
  ])('runs every event on a frozen %s record without a throw or a change', (_, record, at) => {
    const frozen = deepFreeze(structuredClone(record));
    const generation = frozen.generation;
    const events: TransitionEvent[] = [
      { type: 'acquire', id: 'z', owner: 'o' },
      { type: 'success', generation, trialId: 't' },
      { type: 'failure', generation, trialId: 't', error: 'x' },
      { type: 'failure', generation: generation - 1, error: 'late' },
      { type: 'ignore', generation, trialId: 't' },
      { type: 'forceOpen', until: 1 },
      { type: 'disable' },
      { type: 'enable' },
      { type: 'halfOpen' },
      { type: 'reset' },
    ];
    for (const e of events) expect(() => transition(frozen, e, policy, at), e.type).not.toThrow();
    expect(frozen).toEqual(record);
  });

  it('returns the changes of ignore, enable and halfOpen in new records', () => {
    const frozen = deepFreeze(structuredClone(halfOpen));
    expect(halfOpen.trials.map((t) => t.id)).toEqual(['t']);
    const ignored = transition(
      frozen,
      { type: 'ignore', generation: frozen.generation, trialId: 't' },
      policy,
      T0 + 1_100,
    );
    expect(ignored.record).toMatchObject({ circuit: { status: 'half_open' }, trials: [] });
    expect(frozen.trials).toHaveLength(1);

    const enabled = transition(deepFreeze(structuredClone(disabled)), { type: 'enable' }, policy, T0 + 10);
    expect(enabled.record.circuit).toEqual({ status: 'closed' });
    expect(enabled.record.stats.consecutiveFailures).toBe(0);

    const manual = transition(deepFreeze(structuredClone(open)), { type: 'halfOpen' }, policy, T0 + 500);
    expect(manual.record.circuit).toEqual({ status: 'half_open', openedAt: T0, successes: 0 });
  });
});
