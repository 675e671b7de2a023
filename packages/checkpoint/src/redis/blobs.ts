import type { Redis } from 'ioredis';
import { toBuffer } from './replies.js';

/* A namespace's blobs in Redis: `blob:<hash>` strings, and the `blobs` set of their hashes. */

/** The blobs of `hashes` that exist, by hash (one MGET). */
export async function readBlobs(
  r: Redis,
  keyOf: (ns: string, part: string) => string,
  ns: string,
  hashes: string[],
): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (hashes.length === 0) return out;
  const found = await r.mgetBuffer(...hashes.map((h) => keyOf(ns, `blob:${h}`)));
  hashes.forEach((hash, i) => {
    const bytes = found[i];
    if (bytes) out.set(hash, bytes);
  });
  return out;
}

/** Queues on `tx` the writes of `blobs` (a hash already stored is left as it is) and their hashes. */
export function queueBlobs(
  tx: ReturnType<Redis['multi']>,
  keyOf: (ns: string, part: string) => string,
  ns: string,
  blobs: Array<[string, Uint8Array]>,
): void {
  if (blobs.length === 0) return;
  for (const [hash, bytes] of blobs) tx.set(keyOf(ns, `blob:${hash}`), toBuffer(bytes), 'NX');
  tx.sadd(keyOf(ns, 'blobs'), ...blobs.map(([hash]) => hash));
}
