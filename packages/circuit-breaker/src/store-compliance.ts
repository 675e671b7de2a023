/**
 * The compliance suite every BreakerStore runs (vitest). Not exported from the package entry:
 * store tests import it relatively, e.g.
 * `runStoreCompliance('FileStore', async () => ({ store, cleanup }))`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type BreakerRecord, emptyRecord } from './record.js';
import type { BreakerStore } from './store.js';
import { runBreakerCompliance } from './store-compliance-breaker.js';

export interface StoreFixture {
  store: BreakerStore;
  cleanup(): Promise<void>;
}

export interface ComplianceOptions {
  /** Concurrent in-process updates in the atomicity test. @default 25 */
  concurrency?: number;
}

/** A record with every optional part filled, to check the round trip. */
export function sampleRecord(now = 1_700_000_000_000): BreakerRecord {
  const r = emptyRecord(now);
  return {
    ...r,
    circuit: { status: 'open', openedAt: now - 10, retryAt: now + 300_000, reason: '3 consecutive failures' },
    generation: 7,
    trials: [{ id: 'a-1', owner: 'host:123', expiresAt: now + 60_000 }],
    openCount: 2,
    stats: {
      failureCount: 5,
      successCount: 9,
      consecutiveFailures: 3,
      consecutiveSuccesses: 0,
      firstFailureAt: now - 30,
      lastFailureAt: now - 10,
      lastSuccessAt: now - 100,
      lastError: 'boom: "quoted" \\ and ünïcode',
    },
    window: [0, 1, 1, 1],
    lifetime: { executions: 14, failures: 5 },
  };
}

const bump = (r: BreakerRecord | undefined, now: number): BreakerRecord => {
  const base = r ?? emptyRecord(now);
  return {
    ...base,
    lifetime: { ...base.lifetime, executions: base.lifetime.executions + 1 },
    updatedAt: now,
  };
};

export function runStoreCompliance(
  name: string,
  makeStore: () => Promise<StoreFixture>,
  options: ComplianceOptions = {},
): void {
  const concurrency = options.concurrency ?? 25;

  describe(`BreakerStore compliance: ${name}`, () => {
    let fixtures: StoreFixture[] = [];
    const open = async (): Promise<BreakerStore> => {
      const f = await makeStore();
      fixtures.push(f);
      return f.store;
    };
    afterEach(async () => {
      for (const f of fixtures) {
        await f.store.close?.();
        await f.cleanup();
      }
      fixtures = [];
    });

    describe('records', () => {
      it('is empty at first', async () => {
        const store = await open();
        expect(await store.get('nope')).toBeUndefined();
        expect(await store.list()).toEqual([]);
        expect(await store.totals()).toEqual({ totalExecutions: 0, totalFailures: 0, lastUpdated: null });
      });

      it('round-trips a record through update and get, and passes the stored record to the next update', async () => {
        const store = await open();
        const rec = sampleRecord();
        const result = await store.update('api', (current) => ({ record: rec, result: current }));
        expect(result).toBeUndefined();
        expect(await store.get('api')).toEqual(rec);
        const seen = await store.update('api', (current) => ({ record: current, result: current }));
        expect(seen).toEqual(rec);
      });

      it('round-trips every circuit status', async () => {
        const store = await open();
        const now = 1_700_000_000_000;
        const circuits: BreakerRecord['circuit'][] = [
          { status: 'closed' },
          { status: 'open', openedAt: now, retryAt: now + 5 },
          { status: 'half_open', openedAt: now, successes: 1 },
          { status: 'forced_open', since: now, until: null, reason: null },
          { status: 'forced_open', since: now, until: now + 9, reason: 'maintenance' },
          { status: 'disabled', since: now },
        ];
        for (const [i, circuit] of circuits.entries()) {
          const rec = { ...emptyRecord(now), circuit, generation: i };
          await store.update(`b${i}`, () => ({ record: rec, result: null }));
          expect(await store.get(`b${i}`)).toEqual(rec);
        }
      });

      it('keeps names apart, including names with separators, spaces and unicode', async () => {
        const store = await open();
        const names = ['npm run lint', 'a:b', 'a/b', 'x.y', 'ünï 🚀', 'a'];
        for (const [i, n] of names.entries()) {
          await store.update(n, () => ({ record: { ...emptyRecord(i), generation: i }, result: null }));
        }
        for (const [i, n] of names.entries()) expect((await store.get(n))?.generation).toBe(i);
        const listed = await store.list();
        expect(listed.map(([n]) => n)).toEqual([...names].sort());
        expect(listed.find(([n]) => n === 'a:b')?.[1].generation).toBe(1);
      });

      it('deletes a record when the update returns undefined', async () => {
        const store = await open();
        await store.update('gone', () => ({ record: emptyRecord(1), result: null }));
        await store.update('gone', () => ({ record: undefined, result: null }));
        expect(await store.get('gone')).toBeUndefined();
        expect(await store.list()).toEqual([]);
      });

      it('writes nothing and rethrows when the update function throws', async () => {
        const store = await open();
        const rec = sampleRecord();
        await store.update('api', () => ({ record: rec, result: null }));
        const oops = new Error('oops');
        await expect(
          store.update('api', () => {
            throw oops;
          }),
        ).rejects.toBe(oops);
        expect(await store.get('api')).toEqual(rec);
      });

      it('returns a copy: mutating what get() returned does not change the store', async () => {
        const store = await open();
        await store.update('api', () => ({ record: sampleRecord(), result: null }));
        const got = await store.get('api');
        got!.stats.failureCount = 999;
        got!.trials.length = 0;
        expect(await store.get('api')).toEqual(sampleRecord());
      });

      it('sums lifetime counters and the latest update time in totals()', async () => {
        const store = await open();
        const a = { ...emptyRecord(100), lifetime: { executions: 10, failures: 4 } };
        const b = { ...emptyRecord(300), lifetime: { executions: 5, failures: 1 } };
        await store.update('a', () => ({ record: a, result: null }));
        await store.update('b', () => ({ record: b, result: null }));
        expect(await store.totals()).toEqual({ totalExecutions: 15, totalFailures: 5, lastUpdated: 300 });
      });
    });

    describe('atomicity', () => {
      it(`loses no update with ${concurrency} concurrent updates of one name`, async () => {
        const store = await open();
        const results = await Promise.all(
          Array.from({ length: concurrency }, (_, i) =>
            store.update('hot', (current) => {
              const next = bump(current, i);
              return { record: next, result: next.lifetime.executions };
            }),
          ),
        );
        expect((await store.get('hot'))?.lifetime.executions).toBe(concurrency);
        // each update saw a distinct predecessor: the results are 1..N in some order
        expect([...results].sort((x, y) => x - y)).toEqual(
          Array.from({ length: concurrency }, (_, i) => i + 1),
        );
      });

      it('keeps concurrent updates of different names apart', async () => {
        const store = await open();
        const names = ['x', 'y', 'z'];
        const per = Math.max(2, Math.floor(concurrency / names.length));
        await Promise.all(
          names.flatMap((n) =>
            Array.from({ length: per }, (_, i) =>
              store.update(n, (c) => ({ record: bump(c, i), result: null })),
            ),
          ),
        );
        for (const n of names) expect((await store.get(n))?.lifetime.executions).toBe(per);
        expect((await store.totals()).totalExecutions).toBe(per * names.length);
      });
    });
    runBreakerCompliance(open);
  });
}
