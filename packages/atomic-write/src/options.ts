import { inspect } from 'node:util';

/** Options of `writeFileAtomic` and its twins. */
export interface WriteOptions {
  /**
   * Mode of a NEW file, applied exactly (not reduced by the umask). An existing
   * file keeps its mode (and, when running as root, its owner).
   * @default 0o600
   */
  mode?: number;
  /**
   * fsync the temp file before the rename, so the new content is on disk before
   * it becomes visible under the real name.
   * @default true
   */
  fsync?: boolean;
  /**
   * fsync the parent directory after the rename, so the rename itself survives a
   * power cut. Where the platform cannot fsync a directory the write still
   * succeeds and reports `dirSynced: false`.
   * @default true
   */
  fsyncDir?: boolean;
}

/** Options of `writeJsonAtomic` and `writeJsonAtomicSync`. */
export interface JsonWriteOptions extends WriteOptions {
  /** `JSON.stringify` indentation (a trailing newline is always added). @default 2 */
  space?: number | string;
}

/** What a successful write did. */
export interface WriteResult {
  /** The path as given by the caller. */
  path: string;
  /** Bytes written. */
  bytes: number;
  /** False when `fsyncDir` was off, or asked but the platform cannot fsync a directory. */
  dirSynced: boolean;
}

/** Options of `sweepTempFiles`. */
export interface SweepOptions {
  /**
   * Only temp files whose last modification is at least this old are removed,
   * so a write in progress in another process is left alone.
   * @default 60000
   */
  olderThanMs?: number;
}

/** A value as an option error shows it: never throws, whatever the value (a symbol, a null-prototype object, ...). */
function found(value: unknown): string {
  return inspect(value, { depth: 0, breakLength: Number.POSITIVE_INFINITY });
}

/** The one internal shape of the write options. */
export interface ResolvedWriteOptions {
  mode: number;
  fsync: boolean;
  fsyncDir: boolean;
}

/** Normalises write options at the edge; rejects a mode that is not a permission number. */
export function resolveWriteOptions(opts: WriteOptions | undefined): ResolvedWriteOptions {
  const mode = opts?.mode ?? 0o600;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
    throw new TypeError(`atomic-write: expected mode to be an integer in 0..0o7777, found ${found(mode)}`);
  }
  return { mode, fsync: opts?.fsync !== false, fsyncDir: opts?.fsyncDir !== false };
}

/** Normalises the JSON indentation. */
export function resolveSpace(opts: JsonWriteOptions | undefined): number | string {
  const space = opts?.space ?? 2;
  if (typeof space === 'number' ? !(space >= 0) : typeof space !== 'string') {
    throw new TypeError(
      `atomic-write: expected space to be a number >= 0 or a string, found ${found(space)}`,
    );
  }
  return space;
}

/** Normalises sweep options at the edge. */
export function resolveSweepOptions(opts: SweepOptions | undefined): { olderThanMs: number } {
  const olderThanMs = opts?.olderThanMs ?? 60_000;
  if (!Number.isFinite(olderThanMs) || olderThanMs < 0) {
    throw new TypeError(
      `atomic-write: expected olderThanMs to be a finite number >= 0, found ${found(olderThanMs)}`,
    );
  }
  return { olderThanMs };
}
