import { keepReachable } from '../content-tree.js';
import { fromBlobKey, toBlobKey } from './blob-key.js';
import { bumpGeneration } from './present-blobs.js';
import type { Statements } from './statements.js';

/**
 * Garbage collection of namespace `ns`, inside the caller's write transaction: deletes every
 * blob that neither `live` nor any checkpoint that exists now reaches, and bumps the
 * namespace's collection generation when it deleted any. Returns what it freed.
 */
export function collectBlobs(s: Statements, ns: string, live: Set<string>): { blobs: number; bytes: number } {
  const keep = new Set(live);
  const getBlob = (h: string) => s.getBlob.get(ns, toBlobKey(h));
  for (const json of s.allManifests.all(ns))
    keepReachable(Object.values(JSON.parse(json) as Record<string, string>), getBlob, keep);
  let blobs = 0;
  let bytes = 0;
  for (const { hash, id, size } of s.blobSizes.all(ns)) {
    if (keep.has(fromBlobKey(hash))) continue;
    s.deleteBlobKey.run(ns, hash);
    s.deleteBlob.run(id);
    blobs += 1;
    bytes += size;
  }
  if (blobs > 0) bumpGeneration(s, ns);
  return { blobs, bytes };
}
