import fs from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AtomicWriteError, type WriteStep } from './atomic-write-error.js';
import { toBytes } from './content.js';
import { cannotSyncDir } from './dir-sync.js';
import { DIR_FLAGS, TEMP_FLAGS } from './fs-calls.js';
import {
  type ResolvedWriteOptions,
  resolveWriteOptions,
  type WriteOptions,
  type WriteResult,
} from './options.js';
import { chmodNeeded, chownErrorIsOk, mayHaveMode, ownerToKeep, TEMP_MODE, wantedMode } from './ownership.js';
import { tempNameFor, tooManyRetries } from './temp-name.js';

const MAX_ATTEMPTS = 10;

/** The synchronous twin of `writeFileAtomic`: same steps, same guarantees, same errors. */
export function writeFileAtomicSync(
  path: string,
  data: string | Uint8Array,
  opts?: WriteOptions,
): WriteResult {
  const o = resolveWriteOptions(opts);
  const bytes = toBytes(data);
  let target = path;
  for (let attempt = 1; ; attempt++) {
    const outcome = attemptReplaceSync(path, target, bytes, o);
    if (typeof outcome !== 'string') return outcome;
    if (attempt >= MAX_ATTEMPTS)
      throw new AtomicWriteError(path, { cause: tooManyRetries(outcome), step: 'open' });
    if (outcome === 'symlink') {
      try {
        target = resolve(dirname(target), fs.readlinkSync(target));
      } catch (cause) {
        throw new AtomicWriteError(path, { cause, step: 'stat' });
      }
    }
  }
}

function attemptReplaceSync(
  path: string,
  target: string,
  bytes: Buffer,
  o: ResolvedWriteOptions,
): WriteResult | 'symlink' | 'exists' {
  const dir = dirname(target);
  const tmp = join(dir, tempNameFor(basename(target)));
  let existing: fs.Stats | undefined;
  let step: WriteStep = 'stat';
  let fd: number | undefined;
  let dirFd: number | undefined;
  let created = false;
  try {
    existing = fs.lstatSync(target, { throwIfNoEntry: false });
    if (existing?.isSymbolicLink()) return 'symlink';
    step = 'open';
    try {
      fd = fs.openSync(tmp, TEMP_FLAGS, TEMP_MODE);
      created = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
      throw err;
    }
    if (o.fsyncDir) dirFd = openDirSync(dir);
    step = 'write';
    writeAllSync(fd, bytes);
    step = 'chmod';
    keepOwnerSync(fd, existing); // before the chmod: a chown clears setuid/setgid bits
    const wanted = wantedMode(existing, o);
    const mode = mayHaveMode(wanted) ? chmodNeeded(wanted, fs.fstatSync(fd).mode) : wanted;
    if (mode !== undefined) fs.fchmodSync(fd, mode);
    step = 'fsync';
    if (o.fsync) fs.fsyncSync(fd);
    step = 'close';
    const closing = fd;
    fd = undefined;
    fs.closeSync(closing);
    step = 'rename';
    fs.renameSync(tmp, target);
  } catch (cause) {
    if (fd !== undefined) closeQuietly(fd);
    if (created) unlinkQuietly(tmp);
    if (dirFd !== undefined) closeQuietly(dirFd);
    throw new AtomicWriteError(path, { cause, step });
  }
  return { path, bytes: bytes.length, dirSynced: syncDirSync(path, dirFd) };
}

/** Opens the folder for the later fsync; undefined when the platform cannot. */
function openDirSync(dir: string): number | undefined {
  try {
    return fs.openSync(dir, DIR_FLAGS);
  } catch (err) {
    if (cannotSyncDir(err)) return undefined;
    throw err;
  }
}

function writeAllSync(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    const n = fs.writeSync(fd, bytes, offset, bytes.length - offset, null);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    offset += n;
  }
}

function keepOwnerSync(fd: number, existing: fs.Stats | undefined): void {
  const owner = ownerToKeep(existing);
  if (!owner) return;
  try {
    fs.fchownSync(fd, owner.uid, owner.gid);
  } catch (err) {
    if (!chownErrorIsOk(err)) throw err;
  }
}

function syncDirSync(path: string, dirFd: number | undefined): boolean {
  if (dirFd === undefined) return false;
  try {
    fs.fsyncSync(dirFd);
    return true;
  } catch (err) {
    if (cannotSyncDir(err)) return false;
    throw new AtomicWriteError(path, { cause: err, step: 'fsync-dir' });
  } finally {
    closeQuietly(dirFd);
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // already failing; the original error is what matters
  }
}

function unlinkQuietly(path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // not created, or already gone
  }
}
