/**
 * Choosing a policy: the same stream of outcomes run through three policies on a fake clock.
 * Intermittent failures (every other call fails) never make 3 in a row, so a consecutive-count
 * policy stays closed while a failure-rate policy opens; a slow-call limit turns slow
 * successes into failures. Then the cooldown schedule a policy gives (backoff, cap, jitter).
 *
 * Copy into your project, then: npm install @steadystate/circuit-breaker
 * Run: npx tsx choose-policy.ts
 */
import { pathToFileURL } from 'node:url';
import {
  type BreakerPolicyInput,
  CircuitBreaker,
  cooldownFor,
  InvalidPolicyError,
  MemoryStore,
  resolvePolicy,
} from '@steadystate/circuit-breaker';

/** One outcome: a failure, or a success that took `ms`. */
type Outcome = { fail: true } | { fail: false; ms: number };

const flapping: Outcome[] = Array.from({ length: 12 }, (_, i) =>
  i % 2 ? { fail: false, ms: 50 } : { fail: true },
);
const slow: Outcome[] = Array.from({ length: 6 }, () => ({ fail: false, ms: 2_500 }));

async function replay(policy: BreakerPolicyInput, outcomes: Outcome[]) {
  let now = 0;
  const breaker = new CircuitBreaker({
    name: 'x',
    store: new MemoryStore(),
    policy,
    clock: { now: () => now },
  });
  let rejected = 0;
  for (const o of outcomes) {
    now += 1_000;
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

export async function main() {
  const consecutive: BreakerPolicyInput = { failureThreshold: 3 };
  const rate: BreakerPolicyInput = {
    failureThreshold: 3,
    failureRate: { threshold: 0.5, window: 10, minimumCalls: 6 }, // or half of the last 10 calls
  };
  const slowCalls: BreakerPolicyInput = { failureThreshold: 3, slowCallMs: 2_000 };

  const results = {
    flappingConsecutive: await replay(consecutive, flapping),
    flappingRate: await replay(rate, flapping),
    slowConsecutive: await replay(consecutive, slow),
    slowWithLimit: await replay(slowCalls, slow),
  };
  for (const [k, v] of Object.entries(results))
    console.log(`${k.padEnd(20)} ${v.status} (${v.rejected} rejected)`);

  // The open period after the n-th consecutive open: cooldownMs x backoffFactor^n, capped.
  const policy = resolvePolicy({ cooldownMs: 30_000, backoffFactor: 2, maxCooldownMs: 300_000, jitter: 0.2 });
  const schedule = [0, 1, 2, 3, 4, 5].map((n) => cooldownFor(policy, n, () => 0.5) / 1000);
  console.log(`cooldowns (s), jitter at its midpoint: ${schedule.join(', ')}`);

  // A typo or an out-of-range value fails at construction, naming the field.
  let invalid: string | undefined;
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
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
