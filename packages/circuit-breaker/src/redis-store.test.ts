import { createServer, type Server, type Socket } from 'node:net';
import { redisService, serviceSuite } from '@steadystate/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from './breaker.js';
import { emptyRecord } from './record.js';
import { RedisStore } from './redis-store.js';
import { runStoreCompliance, sampleRecord } from './store-compliance.js';

const runId = `steadystate-test:breaker:${process.pid}:${Date.now().toString(36)}`;
let seq = 0;
const freshNamespace = () => `${runId}:${seq++}`;

/** Deletes `<ns>` and every `<ns>:*` key. */
async function dropNamespace(admin: Redis, ns: string): Promise<void> {
  const keys = [ns];
  let cursor = '0';
  do {
    const [next, found] = await admin.scan(cursor, 'MATCH', `${ns}:*`, 'COUNT', 500);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  await admin.del(...keys);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const bump = (store: RedisStore, name: string) =>
  store.update(name, (current) => {
    const base = current ?? emptyRecord(1);
    const executions = base.lifetime.executions + 1;
    return { record: { ...base, lifetime: { ...base.lifetime, executions } }, result: executions };
  });

await serviceSuite(redisService, 'RedisStore against a real Redis', (url) => {
  const admin = new Redis(url, { lazyConnect: true });
  afterAll(async () => {
    await dropNamespace(admin, runId); // nothing should be left, but never leave test keys behind
    await admin.quit();
  });

  runStoreCompliance('RedisStore', async () => {
    const ns = freshNamespace();
    return { store: new RedisStore({ url, namespace: ns }), cleanup: () => dropNamespace(admin, ns) };
  });

  describe('RedisStore', () => {
    const opened: Array<{ store: RedisStore; ns: string }> = [];
    const open = (ns = freshNamespace(), extra: { maxAttempts?: number; timeoutMs?: number } = {}) => {
      const store = new RedisStore({ url, namespace: ns, ...extra });
      opened.push({ store, ns });
      return store;
    };
    afterAll(async () => {
      for (const { store, ns } of opened) {
        await store.close();
        await dropNamespace(admin, ns);
      }
    });

    it('stores a breaker under <namespace>:<name> with a revision, totals in the <namespace> hash', async () => {
      const store = open();
      await store.update('npm test', () => ({ record: sampleRecord(), result: null }));
      await store.update('npm test', (c) => ({ record: { ...c!, generation: 8 }, result: null }));
      const stored = await admin.hgetall(`${store.namespace}:npm test`);
      expect(Number(stored.rev)).toBe(2);
      expect(JSON.parse(stored.record!).generation).toBe(8);
      const meta = await admin.hgetall(store.namespace);
      expect(meta).toMatchObject({ totalExecutions: '14', totalFailures: '5', 'breaker:npm test': '1' });
    });

    it('shares records between stores (machines) on one namespace and isolates namespaces', async () => {
      const ns = freshNamespace();
      const [a, b, other] = [open(ns), open(ns), open()];
      await a.update('shared', () => ({ record: sampleRecord(), result: null }));
      expect(await b.get('shared')).toEqual(sampleRecord());
      expect(await other.get('shared')).toBeUndefined();
      expect(await other.list()).toEqual([]);
    });

    it('loses no update when two clients hammer one breaker', async () => {
      const ns = freshNamespace();
      const [a, b] = [open(ns), open(ns)];
      const seen = await Promise.all(Array.from({ length: 60 }, (_, i) => bump(i % 2 ? a : b, 'hot')));
      expect((await a.get('hot'))?.lifetime.executions).toBe(60);
      expect(new Set(seen).size).toBe(60); // every update saw a distinct predecessor
      expect((await b.totals()).totalExecutions).toBe(60);
    });

    it('gives up with ESTOREUNAVAILABLE after maxAttempts conflicts, without writing the lost update', async () => {
      const store = open(freshNamespace(), { maxAttempts: 1 });
      // one connection pipelines every read before any write: all but one compare-and-set conflict
      const settled = await Promise.allSettled(Array.from({ length: 10 }, () => bump(store, 'contended')));
      const won = settled.filter((s) => s.status === 'fulfilled').length;
      const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(lost.length).toBeGreaterThan(0);
      for (const l of lost) {
        expect(l.reason.code).toBe('ESTOREUNAVAILABLE');
        expect(String(l.reason.cause)).toMatch(/compare-and-set/);
      }
      expect((await store.get('contended'))?.lifetime.executions).toBe(won);
    });

    it('does not write when the update returns an equal record', async () => {
      const store = open();
      await store.update('same', () => ({ record: sampleRecord(), result: null }));
      await store.update('same', (c) => ({ record: structuredClone(c), result: null }));
      expect(await admin.hget(`${store.namespace}:same`, 'rev')).toBe('1');
    });

    it('reports a stored value that is not a breaker record as EINVALIDRECORD', async () => {
      const store = open();
      await admin.hset(`${store.namespace}:bad`, 'record', '{"circuit":{"status":"weird"}}', 'rev', '1');
      await admin.hset(`${store.namespace}:torn`, 'record', '{"circ', 'rev', '1');
      await expect(store.get('bad')).rejects.toMatchObject({ code: 'EINVALIDRECORD', breaker: 'bad' });
      await expect(store.update('torn', (c) => ({ record: c, result: null }))).rejects.toMatchObject({
        code: 'EINVALIDRECORD',
      });
    });

    it('writes nothing after reporting a timeout: a compare-and-set queued behind CLIENT PAUSE is refused', async () => {
      const store = open(freshNamespace(), { timeoutMs: 150 });
      const breaker = new CircuitBreaker({
        name: 'api',
        store,
        policy: { failureThreshold: 1, cooldownMs: 50, jitter: 0, trialLeaseMs: 60_000 },
      });
      await breaker.execute(() => Promise.reject(new Error('down'))).catch(() => {});
      await sleep(80); // due for a trial
      const key = `${store.namespace}:api`;
      const rev = await admin.hget(key, 'rev');
      const pauseMs = 600;
      await admin.call('CLIENT', 'PAUSE', String(pauseMs), 'WRITE'); // a stalled server
      try {
        // the read passes, the compare-and-set waits behind the pause: past timeoutMs
        await expect(breaker.acquire()).rejects.toMatchObject({ code: 'ESTOREUNAVAILABLE' });
        await sleep(pauseMs + 100);
      } finally {
        await admin.call('CLIENT', 'UNPAUSE');
      }
      await store.get('api'); // same connection: the queued script has run by now
      // the caller, told the store was down, ran unguarded: it must not hold the trial slot
      expect(await admin.hget(key, 'rev')).toBe(rev);
      expect(await breaker.status()).toMatchObject({ status: 'half_open', activeTrials: 0 });
      expect(await breaker.acquire()).toMatchObject({ allowed: true, trial: true });
    });

    it('starts no compare-and-set once the deadline has passed', async () => {
      const client = new Redis(url);
      const store = new RedisStore({ client, namespace: freshNamespace(), timeoutMs: 100 });
      opened.push({ store, ns: store.namespace });
      await store.update('late', () => ({ record: emptyRecord(1), result: null }));
      const scripted = client as unknown as {
        steadystateBreakerCas: (...args: unknown[]) => Promise<number>;
      };
      const cas = vi.fn(scripted.steadystateBreakerCas.bind(client));
      scripted.steadystateBreakerCas = cas;
      const error = await store
        .update('late', (c) => {
          const until = Date.now() + 150; // the caller's update outlives the deadline
          while (Date.now() < until);
          return { record: { ...c!, generation: 5 }, result: null };
        })
        .catch((e) => e);
      expect(error).toMatchObject({ code: 'ESTOREUNAVAILABLE' });
      await sleep(50);
      expect(cas).not.toHaveBeenCalled();
      expect((await store.get('late'))?.generation).toBe(0);
      await client.quit();
    });

    it('hands Redis the deadline on its own clock: a client clock an hour off still writes', async () => {
      const store = open(freshNamespace(), { timeoutMs: 500 });
      const real = Date.now.bind(Date);
      for (const offset of [-3_600_000, 3_600_000]) {
        const spy = vi.spyOn(Date, 'now').mockImplementation(() => real() + offset);
        try {
          expect(await bump(store, 'skewed')).toBeGreaterThan(0);
        } finally {
          spy.mockRestore();
        }
      }
      expect((await store.get('skewed'))?.lifetime.executions).toBe(2);
    });

    it('leaves a client passed in open on close(), and refuses calls once closed', async () => {
      const client = new Redis(url);
      const store = new RedisStore({ client, namespace: freshNamespace() });
      await store.update('x', () => ({ record: emptyRecord(1), result: null }));
      await store.close();
      expect(await client.ping()).toBe('PONG');
      await expect(store.get('x')).rejects.toMatchObject({ code: 'ESTOREUNAVAILABLE' });
      await dropNamespace(admin, store.namespace);
      await client.quit();
    });
  });
});

describe('RedisStore without a server', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterAll(() => {
    for (const s of sockets) s.destroy();
    for (const s of servers) s.close();
  });
  const listen = async (onConnection?: (socket: Socket) => void): Promise<number> => {
    const server = createServer((socket) => {
      sockets.push(socket);
      onConnection?.(socket);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  };

  it('fails fast with ESTOREUNAVAILABLE when nothing listens on the port', async () => {
    const port = await listen();
    servers.pop()!.close(); // the port is now free: connections are refused
    await new Promise((r) => setTimeout(r, 50));
    const store = new RedisStore({ url: `redis://127.0.0.1:${port}`, namespace: 'unreachable' });
    const started = Date.now();
    const error = await store.update('x', () => ({ record: emptyRecord(1), result: null })).catch((e) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ code: 'ESTOREUNAVAILABLE', store: 'redis unreachable' });
    expect(error.message).toMatch(/^circuit-breaker: /);
    expect(error.cause).toBeInstanceOf(Error);
    await expect(store.get('x')).rejects.toMatchObject({ code: 'ESTOREUNAVAILABLE' });
    await store.close();
  });

  it('gives up within timeoutMs when the server accepts but never answers', async () => {
    const port = await listen(); // accepts the connection and stays silent
    const store = new RedisStore({ url: `redis://127.0.0.1:${port}`, timeoutMs: 300 });
    const started = Date.now();
    await expect(store.list()).rejects.toMatchObject({ code: 'ESTOREUNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(5000);
    await store.close();
  });
});
