import type { Redis } from 'ioredis';
import { keepReachableBatched } from '../content-tree.js';
import type { ScriptedRedis } from './scripts.js';

/** Hashes per garbage-collection script call, and how often a collection racing checkpoints retries. */
const COLLECT_BATCH = 1000;
const COLLECT_ATTEMPTS = 5;

/**
 * Garbage collection of namespace `ns`: deletes every blob that neither `live` nor any
 * checkpoint that exists now reaches (read with `readBlobs`). The deletes (COLLECT_SCRIPT, in
 * batches) happen only while no checkpoint was written since it looked; a collection that
 * loses that race looks again, up to COLLECT_ATTEMPTS times, and otherwise leaves the rest
 * for the next. Returns what it freed.
 */
export async function collectBlobs(
  r: Redis & ScriptedRedis,
  keyOf: (ns: string, part: string) => string,
  ns: string,
  live: Set<string>,
  readBlobs: (hashes: string[]) => Promise<Map<string, Uint8Array>>,
): Promise<{ blobs: number; bytes: number }> {
  const done = { blobs: 0, bytes: 0 };
  for (let attempt = 0; attempt < COLLECT_ATTEMPTS; attempt++) {
    const seen = (await r.get(keyOf(ns, 'generation'))) ?? '0';
    const names = await r.hkeys(keyOf(ns, 'manifests'));
    const manifests = names.length ? await r.mget(...names.map((n) => keyOf(ns, `manifest:${n}`))) : [];
    const keep = new Set(live);
    const roots = manifests.flatMap((json) =>
      json ? Object.values(JSON.parse(json) as Record<string, string>) : [],
    );
    await keepReachableBatched(roots, readBlobs, keep);
    const dead = (await r.smembers(keyOf(ns, 'blobs'))).filter((h) => !keep.has(h));
    let raced = false;
    for (let i = 0; i < dead.length && !raced; i += COLLECT_BATCH) {
      const batch = dead.slice(i, i + COLLECT_BATCH);
      const bytes = await r.steadystateCheckpointCollect(
        keyOf(ns, 'generation'),
        keyOf(ns, 'blobs'),
        seen,
        keyOf(ns, 'blob:'),
        ...batch,
      );
      if (bytes < 0) raced = true;
      else {
        done.blobs += batch.length;
        done.bytes += bytes;
      }
    }
    if (!raced) break;
  }
  return done;
}
