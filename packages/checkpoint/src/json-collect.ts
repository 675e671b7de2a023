import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { mapLimit, removeFile } from './json-files.js';

/**
 * Deletes every blob file under `blobsDir` (`<shard>/<sha256>`) whose hash is not in `keep`;
 * returns how many and their bytes. The JSON backend's `collect` calls it under the namespace
 * lock, with `keep` already holding what every existing checkpoint reaches.
 */
export async function sweepBlobs(
  blobsDir: string,
  keep: Set<string>,
): Promise<{ blobs: number; bytes: number }> {
  let blobs = 0;
  let bytes = 0;
  const shards = (await readdir(blobsDir).catch(() => [] as string[])).filter((d) => /^[0-9a-f]{2}$/.test(d));
  for (const shard of shards) {
    const files = await readdir(join(blobsDir, shard)).catch(() => [] as string[]);
    await mapLimit(
      files.filter((f) => /^[0-9a-f]{64}$/.test(f) && !keep.has(f)),
      16,
      async (f) => {
        const p = join(blobsDir, shard, f);
        const size = (await stat(p)).size;
        await removeFile(p);
        blobs++;
        bytes += size;
      },
    );
  }
  return { blobs, bytes };
}
