import { pathToFileURL } from 'node:url';
import {
  CircuitBreaker,
  cooldownFor,
  InvalidPolicyError,
  MemoryStore,
  resolvePolicy,
} from '@steadystate/circuit-breaker';

const flapping = Array.from({ length: 12 }, (_, i) => (i % 2 ? { fail: false, ms: 50 } : { fail: true }));
const slow = Array.from({ length: 6 }, () => ({ fail: false, ms: 2500 }));
async function replay(policy, outcomes) {
  let now = 0;
  const breaker = new CircuitBreaker({
    name: 'x',
    store: new MemoryStore(),
    policy,
    clock: { now: () => now },
  });
  let rejected = 0;
  for (const o of outcomes) {
    now += 1e3;
    const permit = await breaker.acquire();
    if (!permit.allowed) {
      rejected++;
      continue;
    }
    if (o.fail) await permit.failure(new Error('boom'));
    else await permit.success({ durationMs: o.ms });
  }
  return { status: (await breaker.status()).status, rejected };
}
async function main() {
  const consecutive = { failureThreshold: 3 };
  const rate = {
    failureThreshold: 3,
    failureRate: { threshold: 0.5, window: 10, minimumCalls: 6 },
    // or half of the last 10 calls
  };
  const slowCalls = { failureThreshold: 3, slowCallMs: 2e3 };
  const results = {
    flappingConsecutive: await replay(consecutive, flapping),
    flappingRate: await replay(rate, flapping),
    slowConsecutive: await replay(consecutive, slow),
    slowWithLimit: await replay(slowCalls, slow),
  };
  for (const [k, v] of Object.entries(results))
    console.log(`${k.padEnd(20)} ${v.status} (${v.rejected} rejected)`);
  const policy = resolvePolicy({ cooldownMs: 3e4, backoffFactor: 2, maxCooldownMs: 3e5, jitter: 0.2 });
  const schedule = [0, 1, 2, 3, 4, 5].map((n) => cooldownFor(policy, n, () => 0.5) / 1e3);
  console.log(`cooldowns (s), jitter at its midpoint: ${schedule.join(', ')}`);
  let invalid;
  try {
    resolvePolicy({ cooldownMs: -1 });
  } catch (err) {
    if (!(err instanceof InvalidPolicyError)) throw err;
    invalid = err.code;
    console.log(err.message);
  }
  return { ...results, schedule, invalid };
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
