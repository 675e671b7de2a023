import {
  close as closeCallback,
  fsync as fsyncCallback,
  link as linkCallback,
  open as openCallback,
  readFile as readFileCallback,
  stat as statCallback,
  unlink as unlinkCallback,
  writeFile as writeFileCallback,
} from 'node:fs';
import { promisify } from 'node:util';
import { NO_HARD_LINKS } from './backup.js';
import { RecoveryError } from './errors.js';

// promisified callbacks, not node:fs/promises: loading that costs a short-lived CLI about 1.5 ms
const close = promisify(closeCallback);
const fsync = promisify(fsyncCallback);
const link = promisify(linkCallback);
const open = promisify(openCallback);
const readFile = promisify(readFileCallback);
const stat = promisify(statCallback);
const unlink = promisify(unlinkCallback);
const writeFile = promisify(writeFileCallback);

/**
 * True for the errors that mean "the bytes on disk are not a usable document": torn or invalid
 * JSON (`ECORRUPT`), a document that fails the schema (`EVALIDATION`), or one without a usable
 * `schemaVersion` (`EMIGRATION` with reason `missing-version` or `invalid-version`).
 * Everything else - a document newer than the code (`newer`), a gap in the migration chain, a
 * failing migration step - is the code's problem, not the file's: it is refused and the file kept.
 */
export function isCorruption(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  const { code, reason } = err as { code?: unknown; reason?: unknown };
  if (code === 'ECORRUPT' || code === 'EVALIDATION') return true;
  return code === 'EMIGRATION' && (reason === 'missing-version' || reason === 'invalid-version');
}

/** `2024-05-01T12:30:45.123Z` -> `20240501T123045123Z`: sortable and safe in file names. */
export function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/**
 * Keeps the corrupt `path` as `<path>.corrupt-<timestamp>` (`-2`, `-3`, ... if that name is
 * taken) **without removing it**: the file is hard-linked to that name (copied, with its mode,
 * where the file system has no hard links), so `path` keeps the corrupt bytes until the caller
 * atomically replaces it with the repaired document. A crash in between leaves the corrupt
 * file in place, to be repaired again, never no file. Returns the name and the file's
 * permission bits. Run under the lock.
 */
export async function keepAside(
  path: string,
  now: Date,
  fsyncCopy: boolean,
): Promise<{ movedTo: string; mode: number }> {
  const base = `${path}.corrupt-${timestamp(now)}`;
  try {
    const mode = (await stat(path)).mode & 0o777;
    let copy = false;
    for (let n = 0; ; n++) {
      const movedTo = n === 0 ? base : `${base}-${n + 1}`; // the second copy is -2, as checkpoint's
      try {
        if (copy) await copyExclusive(path, movedTo, mode, fsyncCopy);
        else await link(path, movedTo);
        return { movedTo, mode };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue; // taken (an earlier repair): the next suffix
        if (copy || code === undefined || !NO_HARD_LINKS.has(code)) throw err;
        copy = true;
        n--; // the same name again, as a copy
      }
    }
  } catch (err) {
    throw new RecoveryError(path, { cause: err });
  }
}

/** The fallback for file systems without hard links: a copy at a name that must not exist yet. */
async function copyExclusive(from: string, to: string, mode: number, durable: boolean): Promise<void> {
  const bytes = await readFile(from);
  const fd = await open(to, 'wx', mode);
  try {
    await writeFile(fd, bytes);
    if (durable) await fsync(fd);
  } catch (err) {
    await close(fd).catch(() => {});
    await unlink(to).catch(() => {}); // no half copy left behind
    throw err;
  }
  await close(fd);
}
