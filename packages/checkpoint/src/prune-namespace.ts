import type { Backend } from './backend.js';
import { loadNodes } from './content-tree.js';
import { planRetention } from './retention.js';
import type { PrunePlan, RetentionPolicy } from './types.js';

/** What `prune` returns: the plan, and what garbage collection freed. */
export type PruneResult = PrunePlan & { collected: { blobs: number; bytes: number } };

/**
 * `StateManager.prune`'s work: plans with `planRetention`, deletes the removed checkpoints,
 * then has the backend collect every blob the kept ones do not reach (the backend also keeps,
 * atomically with its deletions, what a checkpoint written meanwhile reaches). `dryRun` plans only.
 */
export async function pruneNamespace(
  backend: Backend,
  ns: string,
  policy: RetentionPolicy,
  now: number,
  dryRun: boolean,
): Promise<PruneResult> {
  const plan = planRetention(await backend.listManifests(ns), policy, now);
  if (dryRun) return { ...plan, collected: { blobs: 0, bytes: 0 } };
  if (plan.remove.length > 0) await backend.deleteManifests(ns, plan.remove);
  const roots: string[] = [];
  for (const { name } of plan.keep) {
    const m = await backend.getManifest(ns, name);
    if (m) roots.push(...Object.values(m));
  }
  const live = await loadNodes(roots, (h) => backend.getBlobs(ns, h));
  const collected = await backend.collect(ns, new Set(live.keys()));
  return { ...plan, collected };
}
