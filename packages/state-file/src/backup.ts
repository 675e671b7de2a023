import {
  link as linkCallback,
  linkSync,
  readFile as readFileCallback,
  readFileSync,
  rename as renameCallback,
  renameSync,
  rm as rmCallback,
  rmSync,
} from 'node:fs';
import { promisify } from 'node:util';
import { writeFileAtomic, writeFileAtomicSync } from '@steadystate/atomic-write';
import { BackupError } from './errors.js';

// promisified callbacks, not node:fs/promises: loading that costs a short-lived CLI about 1.5 ms
/** The file calls a backup makes. */
interface BackupIo {
  link(from: string, to: string): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, opts: { force: boolean }): Promise<void>;
  writeFileAtomic(
    path: string,
    data: Uint8Array,
    opts: { fsync: boolean; fsyncDir: boolean },
  ): Promise<unknown>;
}

const asyncIo: BackupIo = {
  link: promisify(linkCallback),
  readFile: promisify(readFileCallback),
  rename: promisify(renameCallback),
  rm: promisify(rmCallback),
  writeFileAtomic,
};

/** The same calls, synchronous (the `syncIo` option): awaiting their results costs no thread-pool trip. */
const syncIo: BackupIo = {
  link: async (from, to) => linkSync(from, to),
  readFile: async (path) => readFileSync(path),
  rename: async (from, to) => renameSync(from, to),
  rm: async (path, opts) => rmSync(path, opts),
  writeFileAtomic: async (path, data, opts) => writeFileAtomicSync(path, data, opts),
};

/** Error codes meaning "this file system cannot hard-link here": fall back to a copy. */
export const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

/**
 * Makes the current `path` the new `<path>.bak`, without copying data: the current inode is
 * hard-linked to `<path>.bak.tmp` and that name is renamed over `<path>.bak`. The atomic
 * replace that follows gives `path` a new inode, so the old one lives on as the backup.
 * Each step is atomic, so a crash leaves either the old or the new `.bak`, never half of one.
 * Must run under the lock (the temp name is fixed). Returns false when `path` does not exist.
 */
export async function rotateBackup(path: string, fsync: boolean, sync = false): Promise<boolean> {
  const { link, rename, rm } = sync ? syncIo : asyncIo;
  const bak = `${path}.bak`;
  const tmp = `${path}.bak.tmp`;
  try {
    try {
      await link(path, tmp);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return false;
      if (code === 'EEXIST') {
        // left behind by a writer killed between link and rename
        await rm(tmp, { force: true });
        await link(path, tmp);
      } else if (code !== undefined && NO_HARD_LINKS.has(code)) {
        await copyBackup(path, bak, fsync, sync);
        return true;
      } else {
        throw err;
      }
    }
    // If `.bak` already is this inode (the previous write failed after its rotation), POSIX
    // rename is a no-op and `tmp` stays: harmless, the EEXIST branch above clears it next time.
    await rename(tmp, bak);
    return true;
  } catch (err) {
    throw new BackupError(path, { cause: err });
  }
}

/** The fallback for file systems without hard links: an atomic copy. */
async function copyBackup(path: string, bak: string, fsync: boolean, sync: boolean): Promise<void> {
  const { readFile, writeFileAtomic } = sync ? syncIo : asyncIo;
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  await writeFileAtomic(bak, bytes, { fsync, fsyncDir: fsync });
}
