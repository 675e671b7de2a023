import { access as accessCallback, rename as renameCallback, stat as statCallback } from 'node:fs';
import { promisify } from 'node:util';
import { RecoveryError } from './errors.js';

// promisified callbacks, not node:fs/promises: loading that costs a short-lived CLI about 1.5 ms
const access = promisify(accessCallback);
const rename = promisify(renameCallback);
const stat = promisify(statCallback);

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
 * Renames the corrupt `path` to `<path>.corrupt-<timestamp>` (a `-<n>` suffix if that name is
 * taken) and returns the new name and the file's permission bits. Run under the lock.
 */
export async function moveAside(path: string, now: Date): Promise<{ movedTo: string; mode: number }> {
  const base = `${path}.corrupt-${timestamp(now)}`;
  try {
    for (let n = 0; ; n++) {
      const movedTo = n === 0 ? base : `${base}-${n}`;
      if (await exists(movedTo)) continue;
      await rename(path, movedTo);
      const { mode } = await stat(movedTo);
      return { movedTo, mode: mode & 0o777 };
    }
  } catch (err) {
    throw new RecoveryError(path, { cause: err });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
