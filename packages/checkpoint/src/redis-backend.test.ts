import { createServer, type Server, type Socket } from 'node:net';
import { redisService, serviceSuite } from '@steadystate/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { dropPrefix } from '../test/stores.js';
import { runBackendCompliance } from './backend-compliance.js';
import { BackendError, ConflictError } from './errors.js';
import { RedisBackend } from './redis-backend.js';
import { StateManager } from './state-manager.js';
import type { Entry } from './types.js';

const runId = `steadystate-test-${process.pid}-${Date.now().toString(36)}`;
let seq = 0;
const freshPrefix = () => `${runId}:${seq++}`;

/** A manifest of every key's value, for snapshots whose encoding does not matter. */
const names = async (entries: Map<string, Entry>) => ({
  manifest: Object.fromEntries([...entries].map(([k, e]) => [k, `=${JSON.stringify(e.value)}`])),
  blobs: [] as Array<[string, Uint8Array]>,
  bytes: 0,
});

await serviceSuite(redisService, 'RedisBackend against a real Redis', (url) => {
  const admin = new Redis(url, { lazyConnect: true });
  afterAll(async () => {
    await dropPrefix(admin, runId); // nothing should be left, but never leave test keys behind
    await admin.quit();
  });

  // the whole suite through `StateManager.open({ backend: 'redis', url })` (the lazily imported entry)
  // with a unique prefix per manager: each test's keys are dropped after it
  runBackendCompliance('redis', async ({ clock }) => {
    const prefix = freshPrefix();
    const backends = [new RedisBackend({ url, prefix })];
    return {
      manager: await StateManager.open({ backend: backends[0]!, namespace: 'test', clock }),
      cleanup: async () => {
        for (const backend of backends) await backend.close();
        await dropPrefix(admin, prefix);
      },
      // its own client and connection, as another process or machine has
      another: () => {
        const backend = new RedisBackend({ url, prefix });
        backends.push(backend);
        return StateManager.open({ backend, namespace: 'test', clock });
      },
    };
  });

  describe('RedisBackend', () => {
    const opened: Array<{ backend: RedisBackend; prefix: string }> = [];
    const open = (prefix = freshPrefix()) => {
      const backend = new RedisBackend({ url, prefix });
      opened.push({ backend, prefix });
      return backend;
    };
    afterAll(async () => {
      for (const { backend, prefix } of opened) {
        await backend.close();
        await dropPrefix(admin, prefix);
      }
    });

    it('a collection that a checkpoint races (written after it looked) looks again and keeps that checkpoint whole', async () => {
      const prefix = freshPrefix();
      const client = new Redis(url);
      const pruner = new RedisBackend({ client, prefix }); // the process that prunes
      const writer = open(prefix); // another process, checkpointing meanwhile
      const mp = await StateManager.open({ backend: pruner, namespace: 'ns' });
      const mw = await StateManager.open({ backend: writer, namespace: 'ns' });
      try {
        const value = { rows: Array.from({ length: 200 }, (_, i) => `row ${i} `.repeat(10)) };
        await mw.save('k', value);
        await mw.checkpoint('old');
        await mw.deleteCheckpoint('old'); // its blobs are garbage now...
        // ...until the writer checkpoints the same value again, right after the pruner has
        // read the checkpoints and while it lists the blobs to delete
        const smembers = client.smembers.bind(client);
        let raced = 0;
        client.smembers = (async (...args: Parameters<typeof smembers>) => {
          const found = await smembers(...args);
          if (raced++ === 0) await mw.checkpoint('new');
          return found;
        }) as typeof client.smembers;
        const { collected } = await mp.prune({ keepLast: 5 });
        expect(raced).toBe(2); // it looked twice
        expect(collected.blobs).toBe(0); // the second look saw "new" using every blob
        expect((await mp.readCheckpoint('new')).get('k')).toEqual(value);
      } finally {
        await mp.close();
        await mw.close();
        await pruner.close();
        await client.quit();
      }
    });

    it("opens through StateManager.open({ backend: 'redis', url }) and keeps the documented key layout", async () => {
      const manager = await StateManager.open({ backend: 'redis', url, namespace: `${runId}-layout` });
      try {
        await manager.save('phase', 'building');
        const entry = await admin.hgetall(`steadystate:${runId}-layout:entry:phase`);
        expect(entry).toMatchObject({ value: '"building"', rev: '1' });
        expect(Number(entry.updatedAt)).toBeGreaterThan(0);
        expect(await admin.smembers(`steadystate:${runId}-layout:keys`)).toEqual(['phase']);
        await manager.checkpoint('cp');
        expect(await admin.hexists(`steadystate:${runId}-layout:manifests`, 'cp')).toBe(1);
      } finally {
        await manager.close();
        await dropPrefix(admin, `steadystate:${runId}-layout`);
      }
    });

    it('shares state between clients (machines) and lets exactly one of them win each revision', async () => {
      const prefix = freshPrefix();
      const clients = [open(prefix), open(prefix), open(prefix)];
      await clients[0]!.putEntry('ns', 'k', 0, 0, 1);
      for (let round = 1; round <= 20; round++) {
        const outcomes = await Promise.allSettled(
          clients.map((c, i) => c.putEntry('ns', 'k', { round, by: i }, round, 1)),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value)).toEqual([round + 1]);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(ConflictError);
      }
      expect(await clients[2]!.getEntry('ns', 'k')).toMatchObject({ revision: 21 });
    });

    it('keeps namespaces apart, a ":" in a name included', async () => {
      const prefix = freshPrefix();
      const backend = open(prefix);
      await backend.putEntry('a', 'keys', 'entry named keys', undefined, 1);
      await backend.putEntry('a:entry', 'x', 'other namespace', undefined, 1);
      expect(await backend.listKeys('a')).toEqual(['keys']);
      expect(await backend.listKeys('a:entry')).toEqual(['x']);
      expect(await backend.getEntry('a', 'keys')).toMatchObject({ value: 'entry named keys' });
    });

    it('a checkpoint reads all keys at one instant while another client restores them', async () => {
      const prefix = freshPrefix();
      const [reader, writer] = [open(prefix), open(prefix)];
      const keys = Array.from({ length: 50 }, (_, i) => `k${i}`);
      const stateOf = (n: number) => new Map(keys.map((k) => [k, n]));
      await writer.replaceAll('ns', stateOf(0), 0);
      let stop = false;
      const writing = (async () => {
        for (let n = 1; !stop; n++) await writer.replaceAll('ns', stateOf(n), n);
      })();
      try {
        for (let i = 0; i < 30; i++) {
          await reader.snapshot('ns', { name: `cp${i}`, createdAt: i }, names);
          const values = new Set(Object.values((await reader.getManifest('ns', `cp${i}`)) ?? {}));
          expect(values.size).toBe(1);
        }
      } finally {
        stop = true;
        await writing;
      }
    });

    it('leaves a client passed in open on close()', async () => {
      const client = new Redis(url);
      const prefix = freshPrefix();
      const backend = new RedisBackend({ client, prefix });
      await backend.putEntry('ns', 'k', 1, undefined, 1);
      await backend.close();
      expect(await client.hget(`${prefix}:ns:entry:k`, 'rev')).toBe('1');
      await expect(backend.getEntry('ns', 'k')).rejects.toBeInstanceOf(BackendError);
      await dropPrefix(client, prefix);
      await client.quit();
    });

    it('refuses a client with a keyPrefix (its scripts would read and write outside it)', async () => {
      const prefix = freshPrefix();
      const client = new Redis(url, { keyPrefix: `${prefix}-kp:` });
      expect(() => new RedisBackend({ client, prefix })).toThrow(
        /^checkpoint: expected options.client without a keyPrefix \(use options.prefix\)/,
      );
      await expect(StateManager.open({ backend: 'redis', client, namespace: 'ns' })).rejects.toMatchObject({
        code: 'EBACKEND',
      });
      expect(await admin.keys(`${prefix}*`)).toEqual([]);
      await client.quit();
    });
  });
});

describe('RedisBackend without a usable server', () => {
  it('fails with BackendError when nothing listens', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const backend = new RedisBackend({ url: `redis://127.0.0.1:${port}`, timeoutMs: 2000 });
    const error = await backend.putEntry('ns', 'k', 1, undefined, 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect((error as BackendError).message).toMatch(
      /^checkpoint: expected the redis backend to save key "k", found/,
    );
    await backend.close();
  });

  it('fails with BackendError within timeoutMs when the server accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => sockets.push(s)); // silent: never replies
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const backend = new RedisBackend({ url: `redis://127.0.0.1:${port}`, timeoutMs: 300 });
    try {
      const started = Date.now();
      const error = await backend.getEntry('ns', 'k').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BackendError);
      expect(Date.now() - started).toBeLessThan(20_000); // bounded, not hung (generous: shared machine)
    } finally {
      await backend.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
