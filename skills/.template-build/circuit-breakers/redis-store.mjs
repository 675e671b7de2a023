import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { CircuitBreaker, StoreUnavailableError } from '@steadystate/circuit-breaker';
import { RedisStore } from '@steadystate/circuit-breaker/redis';
import { Redis } from 'ioredis';

async function removeKeys(url, namespace) {
  const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  admin.on('error', () => {});
  try {
    const keys = await admin.keys(`${namespace}*`);
    if (keys.length > 0) await admin.del(...keys);
  } finally {
    admin.disconnect();
  }
}
async function main(url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') {
  const namespace = `example:${randomUUID()}`;
  const machineA = new RedisStore({ url, namespace, timeoutMs: 2e3 });
  const machineB = new RedisStore({ url, namespace, timeoutMs: 2e3 });
  const policy = { failureThreshold: 2, cooldownMs: 6e4 };
  const onA = new CircuitBreaker({ name: 'payments', store: machineA, policy });
  const onB = new CircuitBreaker({ name: 'payments', store: machineB, policy });
  try {
    for (let i = 0; i < 2; i++) {
      const permit = await onA.acquire();
      if (permit.allowed) await permit.failure(new Error('timeout'));
    }
    const seenByB = await onB.acquire();
    console.log(`machine B: ${seenByB.allowed ? 'allowed' : `rejected (${seenByB.reason})`}`);
    await onB.reset();
    const afterReset = (await onA.status()).status;
    console.log(`after reset, machine A sees: ${afterReset}`);
    await removeKeys(url, namespace);
    return { reachable: true, seenByB: seenByB.allowed ? 'allowed' : seenByB.reason, afterReset };
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err;
    console.log(`Redis unavailable: ${err.message} (a caller would fail open here)`);
    return { reachable: false, code: err.code };
  } finally {
    await Promise.all([machineA.close?.(), machineB.close?.()]);
  }
}
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (result) => console.log(JSON.stringify(result)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

export { main };
