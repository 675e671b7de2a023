import fs from 'node:fs';
import { join } from 'node:path';
import { resolveSweepOptions, type SweepOptions } from './options.js';
import { isTempFile } from './temp-name.js';

/**
 * Removes the temp files this package's writers left in `dir` when they were
 * killed mid-write (SIGKILL, power cut), if last modified at least `olderThanMs`
 * ago. Only names `isTempFile` recognises are touched. Returns the removed
 * paths; a missing folder removes nothing.
 */
export async function sweepTempFiles(dir: string, opts?: SweepOptions): Promise<string[]> {
  const { olderThanMs } = resolveSweepOptions(opts);
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const now = Date.now();
  const removed: string[] = [];
  await Promise.all(
    entries
      .filter((e) => e.isFile() && isTempFile(e.name))
      .map(async (e) => {
        const path = join(dir, e.name);
        try {
          const st = await fs.promises.lstat(path);
          if (now - st.mtimeMs < olderThanMs) return;
          await fs.promises.unlink(path);
          removed.push(path);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // gone already: another sweeper or its writer
        }
      }),
  );
  return removed.sort();
}
