import type { Backend } from './backend.js';
import { loadNodes } from './content-tree.js';
import { planRetention } from './retention.js';
import type { PrunePlan, RetentionPolicy } from './types.js';

/** What `prune` returns: the plan, and what garbage collection freed. */
export type PruneResult = PrunePlan & { collected: { blobs: number; bytes: number } };

/**
 * `StateManager.prune`'s work: plans with `planRetention`, deletes the removed checkpoints by
 * name and `createdAt` (one taken again under a removed name meanwhile, then the newest, stays;
 * `remove` still lists the name planned), then has the backend collect every blob the kept
 * ones do not reach (the backend also keeps, atomically with its deletions, what a checkpoint
 * written meanwhile reaches). `dryRun` plans only.
 */
export async function pruneNamespace(
  backend: Backend,
  ns: string,
  policy: RetentionPolicy,
  now: number,
  dryRun: boolean,
): Promise<PruneResult> {
  const listed = await backend.listManifests(ns);
  const plan = planRetention(listed, policy, now);
  if (dryRun) return { ...plan, collected: { blobs: 0, bytes: 0 } };
  if (plan.remove.length > 0) {
    // by name and time: a checkpoint taken again under a removed name since the plan is kept
    const planned = new Map(listed.map((c) => [c.name, c.createdAt]));
    const refs = plan.remove.map((name) => ({ name, createdAt: planned.get(name) as number }));
    await backend.deleteManifests(ns, refs);
  }
  const roots: string[] = [];
  for (const { name } of plan.keep) {
    const m = await backend.getManifest(ns, name);
    if (m) roots.push(...Object.values(m));
  }
  const live = await loadNodes(roots, (h) => backend.getBlobs(ns, h));
  const collected = await backend.collect(ns, new Set(live.keys()));
  return { ...plan, collected };
}
