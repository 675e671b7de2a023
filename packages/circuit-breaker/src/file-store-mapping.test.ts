import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakerDocument } from './file-store-document.js';
import { hookToRecord, recordToHook } from './file-store-mapping.js';
import { type BreakerRecord, type CircuitState, emptyRecord, parseRecord } from './record.js';

/** Any ms epoch an ISO-8601 string can carry (years 1970..9999). */
const time = fc.integer({ min: 0, max: 253_402_300_799_999 });
const maybeTime = fc.option(time, { nil: null });
const text = fc.string({ unit: 'grapheme', maxLength: 40 });

const circuit: fc.Arbitrary<CircuitState> = fc.oneof(
  fc.constant({ status: 'closed' as const }),
  fc.record(
    { status: fc.constant('open' as const), openedAt: time, retryAt: time, reason: text },
    { requiredKeys: ['status', 'openedAt', 'retryAt'] },
  ),
  fc.record({ status: fc.constant('half_open' as const), openedAt: time, successes: fc.nat() }),
  fc.record({
    status: fc.constant('forced_open' as const),
    since: time,
    until: maybeTime,
    reason: fc.option(text, { nil: null }),
  }),
  fc.record({ status: fc.constant('disabled' as const), since: time }),
);

const breakerRecord: fc.Arbitrary<BreakerRecord> = fc.record({
  circuit,
  generation: fc.nat(),
  trials: fc.array(fc.record({ id: text, owner: text, expiresAt: time }), { maxLength: 3 }),
  openCount: fc.nat(),
  stats: fc.record({
    failureCount: fc.nat(),
    successCount: fc.nat(),
    consecutiveFailures: fc.nat(),
    consecutiveSuccesses: fc.nat(),
    firstFailureAt: maybeTime,
    lastFailureAt: maybeTime,
    lastSuccessAt: maybeTime,
    lastError: fc.option(text, { nil: null }),
  }),
  window: fc.array(fc.constantFrom(0, 1), { maxLength: 20 }),
  lifetime: fc.record({ executions: fc.nat(), failures: fc.nat() }),
  updatedAt: time,
});

/** Through the whole disk path: entry -> validated document -> JSON text -> parsed -> entry -> record. */
function throughDisk(name: string, record: BreakerRecord): BreakerRecord {
  const doc = breakerDocument.defaults();
  doc.hooks[name] = recordToHook(record);
  const onDisk = JSON.parse(JSON.stringify(breakerDocument.serialize(doc)));
  const back = breakerDocument.parse(onDisk).value.hooks[name];
  expect(back).toBeDefined();
  return hookToRecord(back!);
}

describe('FileStore document mapping', () => {
  it('round-trips any BreakerRecord losslessly through the seed-000 shaped document (a disabled start reads as updatedAt)', () => {
    fc.assert(
      // FileStore refuses "__proto__" (file-store.test.ts), which fast-check likes to generate
      fc.property(
        text.filter((n) => n !== '__proto__'),
        breakerRecord,
        (name, record) => {
          const back = throughDisk(name, record);
          // disabled_at is only for a hook whose calls are stopped: a disabled circuit's start
          // is not written (nothing reads it) and comes back as the record's updatedAt
          const expected: BreakerRecord =
            record.circuit.status === 'disabled'
              ? { ...record, circuit: { status: 'disabled', since: record.updatedAt } }
              : record;
          expect(back).toEqual(expected);
          expect(parseRecord(back, name)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("uses the seed's names: disabled_at is when it opened, retry_after is retryAt, ISO-8601 UTC", () => {
    const openedAt = Date.parse('2026-02-10T14:05:47.119Z');
    const record: BreakerRecord = {
      ...emptyRecord(openedAt),
      circuit: { status: 'open', openedAt, retryAt: openedAt + 300_000 },
      stats: {
        failureCount: 4,
        successCount: 2,
        consecutiveFailures: 3,
        consecutiveSuccesses: 0,
        firstFailureAt: openedAt - 1000,
        lastFailureAt: openedAt,
        lastSuccessAt: null,
        lastError: 'exit 1',
      },
    };
    expect(recordToHook(record)).toMatchObject({
      state: 'open',
      failure_count: 4,
      consecutive_failures: 3,
      consecutive_successes: 0,
      first_failure: '2026-02-10T14:05:46.119Z',
      last_failure: '2026-02-10T14:05:47.119Z',
      last_success: null,
      last_error: 'exit 1',
      disabled_at: '2026-02-10T14:05:47.119Z',
      retry_after: '2026-02-10T14:10:47.119Z',
    });
  });

  it('reads a hand-written entry holding only the seed fields', () => {
    const hook = breakerDocument.parse({
      schemaVersion: '1.0.0',
      hooks: {
        lint: {
          state: 'open',
          failure_count: 3,
          consecutive_failures: 3,
          consecutive_successes: 0,
          first_failure: null,
          last_failure: null,
          last_success: null,
          last_error: null,
          disabled_at: '2026-02-10T14:00:00Z',
          retry_after: null,
        },
      },
      global_stats: { total_executions: 0, total_failures: 0, hooks_disabled: 1, last_updated: null },
    }).value.hooks.lint!;
    const at = Date.parse('2026-02-10T14:00:00Z');
    // no retry_after: the cooldown is taken as over, the next call is a trial
    expect(hookToRecord(hook).circuit).toEqual({ status: 'open', openedAt: at, retryAt: at });
    expect(hookToRecord(hook).trials).toEqual([]);
  });
});
