/**
 * FileStore and RedisStore shared by real child processes (test/fixtures/breaker-child.mjs,
 * which imports the BUILT package: build before running these).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redisService, serviceSuite, spawnNode } from '@steadystate/testkit';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileStore } from './file-store.js';
import { type BreakerRecord, emptyRecord } from './record.js';
import { RedisStore } from './redis-store.js';
import type { BreakerStore } from './store.js';

const FIXTURE = fileURLToPath(new URL('../test/fixtures/breaker-child.mjs', import.meta.url));
const SLOW = 180_000; // 20 node processes starting at once on a small shared machine take a while

type Outcome =
  | { pid: number; at: number; allowed: true; trial: boolean }
  | { pid: number; at: number; allowed: false; reason: string }
  | { pid: number; at?: number; failures: number };

/** A child: started, waiting at the barrier once `ready` resolves. */
interface Child {
  proc: ChildProcess;
  ready: Promise<void>;
  /** The first JSON line after the barrier. */
  outcome: Promise<Outcome>;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
afterEach(() => {
  for (const proc of running) proc.kill('SIGKILL'); // a failed test leaves none behind
  running.clear();
});

function start(opts: Record<string, unknown>): Child {
  const proc = spawnNode(FIXTURE, [JSON.stringify(opts)]);
  running.add(proc);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) =>
    proc.on('close', (code) => {
      running.delete(proc);
      resolve(code);
    }),
  );
  const line = (pred: (l: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = stdout.split('\n').find(pred);
        if (found !== undefined) resolve(found);
      };
      proc.stdout!.on('data', check);
      exited.then((code) => {
        check();
        reject(new Error(`child exited (${code}) before the expected line; stderr: ${stderr}`));
      });
    });
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const outcome = line((l) => l.startsWith('{')).then((l) => JSON.parse(l) as Outcome);
  outcome.catch(() => {}); // awaited by the test when it gets that far; never unhandled
  return { proc, exited, ready: line((l) => l === '"ready"').then(() => undefined), outcome };
}

/** Starts every child, waits until all are at the barrier, releases them at once. */
async function together(all: Array<Record<string, unknown>>): Promise<Child[]> {
  const children = all.map(start);
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.proc.stdin!.write('go\n');
  return children;
}

/** An open breaker whose cooldown ended a second ago: the next caller is a trial. */
function openPastCooldown(now: number): BreakerRecord {
  const r = emptyRecord(now - 60_000);
  return {
    ...r,
    circuit: { status: 'open', openedAt: now - 60_000, retryAt: now - 1_000 },
    generation: 1,
    openCount: 1,
    stats: {
      ...r.stats,
      failureCount: 3,
      consecutiveFailures: 3,
      lastFailureAt: now - 60_000,
      lastError: 'boom',
    },
    lifetime: { executions: 3, failures: 3 },
  };
}

interface Backend {
  store: BreakerStore;
  /** What a child needs to open the same store. */
  childOpts: Record<string, unknown>;
  cleanup(): Promise<void>;
}

function multiProcessSuite(title: string, backend: () => Promise<Backend>): void {
  describe(title, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterAll(async () => {
      for (const c of cleanups) await c();
    });
    const open = async () => {
      const b = await backend();
      cleanups.push(async () => {
        await b.store.close?.();
        await b.cleanup();
      });
      return b;
    };

    it(
      '20 processes arriving together after the cooldown get exactly halfOpenMaxTrials (1) trial',
      async () => {
        const { store, childOpts } = await open();
        await store.update('hook', () => ({ record: openPastCooldown(Date.now()), result: null }));
        const policy = { halfOpenMaxTrials: 1, trialLeaseMs: 120_000 };
        const children = await together(
          Array.from({ length: 20 }, () => ({ ...childOpts, name: 'hook', policy, mode: 'acquire' })),
        );
        const outcomes = await Promise.all(children.map((c) => c.outcome));
        expect(await Promise.all(children.map((c) => c.exited))).toEqual(Array(20).fill(0));
        const allowed = outcomes.filter((o) => 'allowed' in o && o.allowed);
        expect(allowed).toEqual([
          { pid: expect.any(Number), at: expect.any(Number), allowed: true, trial: true },
        ]);
        expect(outcomes.filter((o) => 'reason' in o && o.reason === 'half_open_full')).toHaveLength(19);
        const record = await store.get('hook');
        expect(record?.trials).toHaveLength(1);
        expect(record?.trials[0]?.owner).toContain(String(allowed[0]!.pid));
      },
      SLOW,
    );

    it(
      'a trial process SIGKILLed while holding the slot frees it after trialLeaseMs for another process',
      async () => {
        const { store, childOpts } = await open();
        await store.update('hook', () => ({ record: openPastCooldown(Date.now()), result: null }));
        const policy = { halfOpenMaxTrials: 1, trialLeaseMs: 3_000 };
        const [holder] = await together([{ ...childOpts, name: 'hook', policy, mode: 'hold' }]);
        const held = await holder!.outcome;
        expect(held).toMatchObject({ allowed: true, trial: true });
        const leases = (await store.get('hook'))?.trials ?? [];
        expect(leases.map((t) => t.owner)).toEqual([expect.stringContaining(String(held.pid))]);
        holder!.proc.kill('SIGKILL');
        await holder!.exited;

        // polls from (usually) before the dead holder's lease ends until it gets the slot
        const [next] = await together([{ ...childOpts, name: 'hook', policy, mode: 'poll', count: 30_000 }]);
        const got = await next!.outcome;
        expect(got).toMatchObject({ allowed: true, trial: true });
        expect(got.at).toBeGreaterThanOrEqual(leases[0]!.expiresAt); // not before the lease ran out
        const owners = (await store.get('hook'))?.trials.map((t) => t.owner);
        expect(owners).toEqual([expect.stringContaining(String(got.pid))]);
      },
      SLOW,
    );

    it(
      '16 processes recording failures concurrently lose none (threshold above the total)',
      async () => {
        const { store, childOpts } = await open();
        const perProcess = 10;
        const total = 16 * perProcess;
        const policy = { failureThreshold: total + 1 };
        const children = await together(
          Array.from({ length: 16 }, () => ({
            ...childOpts,
            name: 'hook',
            policy,
            mode: 'fail',
            count: perProcess,
          })),
        );
        const outcomes = await Promise.all(children.map((c) => c.outcome));
        expect(outcomes.map((o) => ('failures' in o ? o.failures : -1))).toEqual(Array(16).fill(perProcess));
        const record = await store.get('hook');
        expect(record?.circuit).toEqual({ status: 'closed' });
        expect(record?.stats).toMatchObject({ failureCount: total, consecutiveFailures: total });
        expect(await store.totals()).toMatchObject({ totalExecutions: total, totalFailures: total });
      },
      SLOW,
    );
  });
}

multiProcessSuite('FileStore shared by child processes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'steadystate-mp-'));
  const path = join(dir, 'state.json');
  return {
    store: new FileStore(path),
    childOpts: { store: 'file', path },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

await serviceSuite(redisService, 'RedisStore shared by child processes', (url) => {
  const admin = new Redis(url, { lazyConnect: true });
  const prefix = `steadystate-test:breaker-mp:${process.pid}:${Date.now().toString(36)}`;
  let seq = 0;
  afterAll(() => admin.quit());
  multiProcessSuite('RedisStore', async () => {
    const namespace = `${prefix}:${seq++}`;
    return {
      store: new RedisStore({ url, namespace }),
      childOpts: { store: 'redis', url, namespace },
      cleanup: async () => {
        const keys = await admin.keys(`${namespace}*`);
        if (keys.length > 0) await admin.del(...keys);
      },
    };
  });
});
