import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AtomicWriteError, type WriteStep } from './atomic-write-error.js';
import { toBytes } from './content.js';
import { cannotSyncDir } from './dir-sync.js';
import {
  closeFd,
  DIR_FLAGS,
  fchmodFd,
  fchownFd,
  fstatFd,
  fsyncFd,
  lstatPath,
  openFd,
  readlinkOf,
  renamePath,
  TEMP_FLAGS,
  unlinkPath,
  writeSome,
} from './fs-calls.js';
import {
  type ResolvedWriteOptions,
  resolveWriteOptions,
  type WriteOptions,
  type WriteResult,
} from './options.js';
import { chmodNeeded, chownErrorIsOk, mayHaveMode, ownerToKeep, TEMP_MODE, wantedMode } from './ownership.js';
import { queued } from './path-queue.js';
import { tempNameFor, tooManyRetries } from './temp-name.js';

/**
 * Replaces `path` with `data` so that readers and a crash at any moment see the
 * old content or the new, never a mix: temp file in the same folder, write,
 * fsync, rename, fsync of the folder. Writes to one path from this process run
 * in call order.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts?: WriteOptions,
): Promise<WriteResult> {
  const o = resolveWriteOptions(opts);
  const bytes = toBytes(data);
  return queued(resolve(path), () => replace(path, bytes, o));
}

/** A write through a chain of symlinks follows at most this many links (plus temp-name clashes). */
const MAX_ATTEMPTS = 10;
const RETRY_ON_LINK_TARGET = new Error('target is a symlink');

class StepFailure {
  constructor(
    readonly step: WriteStep,
    readonly cause: unknown,
  ) {}
}

const noop = () => {};

async function replace(path: string, bytes: Buffer, o: ResolvedWriteOptions): Promise<WriteResult> {
  let target = path;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptReplace(path, target, bytes, o);
    if (typeof outcome !== 'string') return outcome;
    if (attempt >= MAX_ATTEMPTS)
      throw new AtomicWriteError(path, { cause: tooManyRetries(outcome), step: 'open' });
    if (outcome === 'symlink') {
      try {
        target = resolve(dirname(target), await readlinkOf(target));
      } catch (cause) {
        throw new AtomicWriteError(path, { cause, step: 'stat' });
      }
    }
  }
}

/** One try; returns 'symlink' (retry on the real path) or 'exists' (retry with a new temp name). */
async function attemptReplace(
  path: string,
  target: string,
  bytes: Buffer,
  o: ResolvedWriteOptions,
): Promise<WriteResult | 'symlink' | 'exists'> {
  const dir = dirname(target);
  const tmp = join(dir, tempNameFor(basename(target)));
  // Independent first steps run together: what is there now, the temp file, the folder to fsync later.
  const [stat, file, folder] = await Promise.allSettled([
    lstatPath(target),
    openFd(tmp, TEMP_FLAGS, TEMP_MODE),
    o.fsyncDir ? openFd(dir, DIR_FLAGS) : Promise.resolve(undefined),
  ]);
  const dirFd = folder.status === 'fulfilled' ? folder.value : undefined;
  const closeDir = () => (dirFd === undefined ? undefined : closeFd(dirFd).catch(noop));
  const statFailure =
    stat.status === 'rejected' && (stat.reason as NodeJS.ErrnoException).code !== 'ENOENT'
      ? stat.reason
      : undefined;
  if (file.status === 'rejected' || statFailure !== undefined) {
    if (file.status === 'fulfilled') {
      await closeFd(file.value).catch(noop);
      await unlinkPath(tmp).catch(noop);
    }
    await closeDir();
    if (statFailure !== undefined) throw new AtomicWriteError(path, { cause: statFailure, step: 'stat' });
    const openFailure = (file as PromiseRejectedResult).reason as NodeJS.ErrnoException;
    if (openFailure.code === 'EEXIST') return 'exists';
    throw new AtomicWriteError(path, { cause: openFailure, step: 'open' });
  }
  let fd: number | undefined = file.value;
  try {
    const existing = stat.status === 'fulfilled' ? stat.value : undefined;
    if (existing?.isSymbolicLink()) throw RETRY_ON_LINK_TARGET;
    if (folder.status === 'rejected' && !cannotSyncDir(folder.reason))
      throw new StepFailure('open', folder.reason);
    await fillTemp(fd, bytes, existing, o);
    if (o.fsync) await step('fsync', fsyncFd(fd));
    await step('close', closeFd(fd));
    fd = undefined;
    await step('rename', renamePath(tmp, target));
  } catch (err) {
    if (fd !== undefined) await closeFd(fd).catch(noop);
    await unlinkPath(tmp).catch(noop);
    await closeDir();
    if (err === RETRY_ON_LINK_TARGET) return 'symlink';
    if (err instanceof StepFailure) throw new AtomicWriteError(path, { cause: err.cause, step: err.step });
    throw new AtomicWriteError(path, { cause: err, step: 'write' });
  }
  return { path, bytes: bytes.length, dirSynced: await syncDir(path, dirFd) };
}

/**
 * Writes the bytes and, meanwhile, sets owner then mode on the open temp file
 * (in that order: a chown clears setuid/setgid bits).
 */
async function fillTemp(fd: number, bytes: Buffer, existing: Stats | undefined, o: ResolvedWriteOptions) {
  const owner = ownerToKeep(existing);
  const wanted = wantedMode(existing, o);
  const permissions = async () => {
    if (owner)
      await fchownFd(fd, owner.uid, owner.gid).catch((e) =>
        chownErrorIsOk(e) ? undefined : fail('chmod', e),
      );
    // after the chown, which clears setuid/setgid bits; the umask may have cleared others
    const mode = mayHaveMode(wanted) ? chmodNeeded(wanted, (await step('chmod', fstatFd(fd))).mode) : wanted;
    if (mode !== undefined) await step('chmod', fchmodFd(fd, mode));
  };
  const results = await Promise.allSettled([step('write', writeAll(fd, bytes)), permissions()]);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}

async function writeAll(fd: number, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const n = await writeSome(fd, bytes, offset, bytes.length - offset);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    offset += n;
  }
}

async function syncDir(path: string, dirFd: number | undefined): Promise<boolean> {
  if (dirFd === undefined) return false;
  try {
    await fsyncFd(dirFd);
    return true;
  } catch (err) {
    if (cannotSyncDir(err)) return false;
    throw new AtomicWriteError(path, { cause: err, step: 'fsync-dir' });
  } finally {
    await closeFd(dirFd).catch(noop);
  }
}

function step<T>(name: WriteStep, p: Promise<T>): Promise<T> {
  return p.catch((err) => fail(name, err));
}

function fail(name: WriteStep, cause: unknown): never {
  throw cause instanceof StepFailure ? cause : new StepFailure(name, cause);
}
