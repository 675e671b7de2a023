import type { Stats } from 'node:fs';
import type { ResolvedWriteOptions } from './options.js';

/** Temp files are created owner-only, so a secret is never readable by others, even half-written. */
export const TEMP_MODE = 0o600;

/** The mode the new file must have: the existing file's, else the option's. */
export function wantedMode(existing: Stats | undefined, o: ResolvedWriteOptions): number {
  return existing ? existing.mode & 0o7777 : o.mode;
}

/**
 * The mode to set on the temp file before the rename, or undefined when the temp file
 * already has the one wanted (saves a chmod per write: about 10% of a small write).
 * `created` is the temp file's mode as created: TEMP_MODE minus whatever bits the umask
 * cleared, so with an odd umask (0o277) even a wanted 0o600 needs the chmod.
 */
export function chmodNeeded(wanted: number, created: number): number | undefined {
  return wanted === (created & 0o7777) ? undefined : wanted;
}

/**
 * False when `wanted` has a bit TEMP_MODE lacks: the temp file cannot have it as created, so
 * the chmod is needed without an fstat to find the created mode (saves a call per such write).
 */
export function mayHaveMode(wanted: number): boolean {
  return (wanted & ~TEMP_MODE) === 0;
}

/**
 * The owner to restore on the new file: only when running as root and the
 * existing file belongs to someone else (a non-root writer cannot chown, and the
 * new file is its own, as with any rename-based write).
 */
export function ownerToKeep(existing: Stats | undefined): { uid: number; gid: number } | undefined {
  if (!existing || process.getuid?.() !== 0) return undefined;
  if (existing.uid === 0 && existing.gid === process.getgid?.()) return undefined;
  return { uid: existing.uid, gid: existing.gid };
}

/** chown failures that only mean "cannot keep the owner here" (as write-file-atomic treats them). */
export function chownErrorIsOk(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSYS' || code === 'EPERM' || code === 'EINVAL';
}
