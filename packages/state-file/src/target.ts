import {
  readlink as readlinkCallback,
  readlinkSync,
  realpath as realpathCallback,
  realpathSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

// promisified callbacks, not node:fs/promises: loading that costs a short-lived CLI about 1.5 ms.
// realpath.native: one realpath(3) call, not an lstat per path component.
const realpathAsync = promisify(realpathCallback.native);
const readlinkAsync = promisify(readlinkCallback);

/** The calls a resolution makes; async or sync (the `syncIo` option). */
interface ResolveIo {
  realpath(path: string): Promise<string>;
  readlink(path: string): Promise<string>;
}

const asyncIo: ResolveIo = { realpath: realpathAsync, readlink: readlinkAsync };
const syncIo: ResolveIo = {
  realpath: async (path) => realpathSync.native(path),
  readlink: async (path) => readlinkSync(path),
};

/** Linux follows at most 40 links in one lookup; a longer chain is a loop for every later call too. */
const MAX_LINKS = 40;

/**
 * The file that `path` stands for, with every symlink resolved: the real path of the file when
 * it exists; for a missing file (or a symlink to one) the real path of its folder plus the last
 * name the link chain reaches. The lock, the reads, the writes, `.bak` and `.corrupt-` names all
 * derive from it, so a state file opened through a link and through its target is one file.
 *
 * Resolved per operation, not once at open: a link re-pointed later is followed. When nothing
 * can be resolved (a missing folder, no permission, a loop) the absolute `path` is returned
 * unchanged, and the operation then fails, or finds no file, exactly as it would on that path.
 */
export async function resolveTarget(path: string, sync = false): Promise<string> {
  const { realpath, readlink } = sync ? syncIo : asyncIo;
  let current = resolve(path);
  for (let links = 0; links <= MAX_LINKS; links++) {
    try {
      return await realpath(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return resolve(path);
    }
    // missing: either no entry at all, or a symlink (chain) whose last target is missing
    let next: string;
    try {
      next = resolve(dirname(current), await readlink(current));
    } catch {
      break; // not a symlink (EINVAL) or nothing there (ENOENT): `current` is the file to create
    }
    current = next;
  }
  try {
    return join(await realpath(dirname(current)), basename(current));
  } catch {
    return current;
  }
}
