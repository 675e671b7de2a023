import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BreakerOpenError, CircuitBreaker, FileStore, healthReport } from '@steadystate/circuit-breaker';

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'file-store-breaker-'));
  let now = Date.UTC(2026, 0, 1);
  const clock = { now: () => now };
  const policy = { failureThreshold: 3, successThreshold: 2, cooldownMs: 3e4, jitter: 0 };
  const transitions = [];
  const make = () =>
    new CircuitBreaker({
      name: 'search-api',
      store: new FileStore(join(dir, 'breakers.json')),
      policy,
      clock,
      onEvent: (e) => {
        if (e.from !== e.to) transitions.push(`${e.from}->${e.to}`);
      },
    });
  const processA = make();
  const processB = make();
  const failing = async () => {
    throw new Error('upstream 503');
  };
  const working = async () => 'results';
  try {
    for (let i = 0; i < 3; i++) await processA.execute(failing).catch(() => void 0);
    console.log(`A after 3 failures: ${(await processA.status()).status}`);
    let rejected;
    try {
      await processB.execute(working);
    } catch (err) {
      if (!(err instanceof BreakerOpenError)) throw err;
      rejected = err.code;
      console.log(`B is rejected: ${err.message}`);
    }
    now += 3e4;
    console.log(`after the cooldown: ${(await processB.status()).status}`);
    await processB.execute(working);
    await processA.execute(working);
    const report = await healthReport(new FileStore(join(dir, 'breakers.json')), { clock });
    const final = report.breakers[0];
    console.log(
      `final: ${final.status}; ${final.failureCount} failures, ${final.successCount} successes recorded`,
    );
    return {
      rejected,
      transitions,
      final: final.status,
      failures: final.failureCount,
      executions: report.totals.totalExecutions,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
