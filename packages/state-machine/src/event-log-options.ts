import { resolve } from 'node:path';
import type { LockOptions } from '@steadystate/file-lock';
import { InvalidOptionError } from './errors.js';
import type { Clock } from './types.js';

/** Options of `new EventLog(path, opts)`. */
export interface EventLogOptions {
  /**
   * Rotate when an append would make the live file larger than this many bytes
   * (`<path>` becomes `<path>.1`, `.1` becomes `.2`, ...). The hash chain continues.
   * @default Infinity (never rotate)
   */
  readonly maxBytes?: number;
  /**
   * Rotated files to keep; older ones are deleted (the chain then starts at the oldest kept line).
   * @default 5
   */
  readonly keep?: number;
  /**
   * Flush each append to disk (`fsync`) before resolving: survives power loss, costs latency.
   * A process crash loses nothing either way.
   * @default false
   */
  readonly fsync?: boolean;
  /**
   * Lock options for the cross-process lock on the log (see @steadystate/file-lock).
   * @default { timeoutMs: 10000 }
   */
  readonly lock?: LockOptions;
  /**
   * Time source for appends without a timestamp.
   * @default Date
   */
  readonly clock?: Clock;
  /**
   * Most lines written under one lock acquisition.
   * @default 1000
   */
  readonly maxBatch?: number;
}

/** {@link EventLogOptions} normalised. */
export interface ResolvedEventLogOptions {
  readonly path: string;
  readonly maxBytes: number;
  readonly keep: number;
  readonly fsync: boolean;
  readonly lock: LockOptions;
  readonly clock: Clock;
  readonly maxBatch: number;
}

/** Checks and normalises the options of `EventLog`. */
export function resolveEventLogOptions(path: string, opts: EventLogOptions = {}): ResolvedEventLogOptions {
  if (typeof path !== 'string' || path === '')
    throw new InvalidOptionError('path', 'a non-empty string', path);
  const maxBytes = opts.maxBytes ?? Number.POSITIVE_INFINITY;
  if (typeof maxBytes !== 'number' || !(maxBytes > 0))
    throw new InvalidOptionError('maxBytes', 'a number > 0', maxBytes);
  const keep = opts.keep ?? 5;
  if (!Number.isSafeInteger(keep) || keep < 0) throw new InvalidOptionError('keep', 'an integer >= 0', keep);
  const maxBatch = opts.maxBatch ?? 1000;
  if (!Number.isSafeInteger(maxBatch) || maxBatch < 1)
    throw new InvalidOptionError('maxBatch', 'an integer >= 1', maxBatch);
  const clock = opts.clock ?? Date;
  if (typeof clock?.now !== 'function') throw new InvalidOptionError('clock', 'an object with now()', clock);
  return {
    path: resolve(path),
    maxBytes,
    keep,
    fsync: opts.fsync === true,
    lock: { timeoutMs: 10_000, ...opts.lock },
    clock,
    maxBatch,
  };
}
