/**
 * Bounded history: a checkpoint every hour for three days on a fake clock, with a retention
 * policy applied after each checkpoint (keep the last 3 plus one per day), one pinned
 * checkpoint that survives every prune, a dry run that explains why each survivor is kept,
 * and `planRetention` as a pure function to test a policy without any backend.
 *
 * Copy into your project, then: npm install @steadystate/checkpoint
 * Run: npx tsx retention-and-pins.ts
 */
import { pathToFileURL } from 'node:url';
import { type CheckpointInfo, planRetention, StateManager } from '@steadystate/checkpoint';

const HOUR = 3_600_000;

export async function main() {
  let now = Date.UTC(2026, 0, 1, 0, 30);
  const state = await StateManager.open({
    backend: 'memory', // same calls on json, sqlite or redis
    namespace: 'nightly-report',
    clock: { now: () => now },
    retention: { keepLast: 3, keepDaily: 3 }, // pruned after every checkpoint
  });
  try {
    for (let h = 0; h < 72; h++) {
      await state.save('progress', { hour: h, rows: h * 100 });
      const cp = await state.checkpoint(`h${String(h).padStart(2, '0')}`);
      if (h === 5) await state.pin(cp.name); // e.g. the state a release was built from
      now += HOUR;
    }
    const kept = (await state.listCheckpoints()).map((c) => c.name);
    console.log(`after 72 hourly checkpoints: ${kept.join(', ')}`);

    const plan = await state.prune({ keepLast: 1 }, { dryRun: true }); // what a stricter policy would do
    for (const k of plan.keep) console.log(`  would keep ${k.name}: ${k.reasons.join(', ')}`);
    console.log(`  would remove ${plan.remove.join(', ')}`);

    // The same rules as a pure function, e.g. in a unit test of your policy.
    const fake = (name: string, hoursAgo: number, pinned = false): CheckpointInfo => ({
      name,
      createdAt: now - hoursAgo * HOUR,
      keys: 1,
      bytes: 10,
      pinned,
    });
    const pure = planRetention(
      [fake('old', 200, true), fake('mid', 30), fake('new', 1)],
      { keepWithin: 24 * HOUR },
      now,
    );
    return {
      kept,
      dryRunKeep: plan.keep.map((k) => `${k.name}:${k.reasons.join('+')}`),
      dryRunRemove: plan.remove,
      stillThere: (await state.listCheckpoints()).length,
      pure,
    };
  } finally {
    await state.close();
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
