/**
 * A breaker shared across machines: `RedisStore` keeps each breaker in Redis and changes it
 * with an atomic compare-and-set, so workers on different hosts open and close together.
 * Two stores (two connections) stand for two machines. A store that cannot reach Redis
 * fails with `ESTOREUNAVAILABLE` within `timeoutMs`: fail open on it.
 *
 * Copy into your project, then: npm install @steadystate/circuit-breaker ioredis
 * Run: REDIS_URL=redis://127.0.0.1:6379 npx tsx redis-store.ts
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { CircuitBreaker, StoreUnavailableError } from '@steadystate/circuit-breaker';
import { RedisStore } from '@steadystate/circuit-breaker/redis';
import { Redis } from 'ioredis';

/** Removes this example's keys (your app keeps them: they are the shared state). */
async function removeKeys(url: string, namespace: string) {
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  admin.on('error', () => {});
  try {
    const keys = await admin.keys(`${namespace}*`);
    if (keys.length > 0) await admin.del(...keys);
  } finally {
    admin.disconnect();
  }
}

export async function main(url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') {
  const namespace = `example:${randomUUID()}`; // your app's prefix; unique here so runs do not mix
  const machineA = new RedisStore({ url, namespace, timeoutMs: 2_000 });
  const machineB = new RedisStore({ url, namespace, timeoutMs: 2_000 });
  const policy = { failureThreshold: 2, cooldownMs: 60_000 };
  const onA = new CircuitBreaker({ name: 'payments', store: machineA, policy });
  const onB = new CircuitBreaker({ name: 'payments', store: machineB, policy });
  try {
    for (let i = 0; i < 2; i++) {
      const permit = await onA.acquire();
      if (permit.allowed) await permit.failure(new Error('timeout'));
    }
    const seenByB = await onB.acquire(); // the other machine is turned away
    console.log(`machine B: ${seenByB.allowed ? 'allowed' : `rejected (${seenByB.reason})`}`);
    await onB.reset(); // an operator closes it from anywhere
    const afterReset = (await onA.status()).status;
    console.log(`after reset, machine A sees: ${afterReset}`);
    await removeKeys(url, namespace);
    return { reachable: true, seenByB: seenByB.allowed ? 'allowed' : seenByB.reason, afterReset };
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    console.log(`Redis unavailable: ${err.message} (a caller would fail open here)`);
    return { reachable: false, code: err.code };
  } finally {
    await Promise.all([machineA.close(), machineB.close()]);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (result) => console.log(JSON.stringify(result)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
