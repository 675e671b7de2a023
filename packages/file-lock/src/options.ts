import { LockOptionError } from './errors.js';

/** Options of `lock()` and `withLock()`. */
export interface LockOptions {
  /**
   * A lock whose owner file was not refreshed for this long may be taken over.
   * Only matters when the holder's liveness cannot be checked (another host, or a
   * process that is alive but stuck); a dead holder on this host is taken over at once.
   * The holder refreshes every `staleMs / 2`. From 100 to 2^31 - 1 (the longest timer).
   * @default 10000
   */
  staleMs?: number;
  /**
   * Give up waiting after this long with a `LockTimeoutError`. `0` tries once (a dead
   * or stale holder is still taken over); `Infinity` waits forever. At most 2^31 - 1
   * (the longest timer) otherwise.
   * @default 10000
   */
  timeoutMs?: number;
  /** Abort waiting: the promise rejects with a `LockAbortedError`. @default undefined */
  signal?: AbortSignal;
  /** Where the lock lives. @default `${path}.lock` */
  lockPath?: string;
}

/** The one internal shape of the options, after `resolveOptions`. */
export interface ResolvedOptions {
  staleMs: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  lockPath: string | undefined;
}

/** Smallest staleMs accepted: below it, a refresh every staleMs/2 cannot keep up on a busy machine. */
export const MIN_STALE_MS = 100;

/**
 * The longest delay a timer can wait (2^31 - 1 ms, about 24.8 days): Node's setTimeout
 * fires after 1 ms instead for anything longer.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new LockOptionError(name, 'a number >= 0', value);
  }
  return value;
}

/** Duck-typed, so an AbortSignal from another realm or a polyfill is accepted too. */
function isSignal(value: unknown): value is AbortSignal {
  const s = value as AbortSignal | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.aborted === 'boolean' &&
    typeof s.addEventListener === 'function'
  );
}

/** Normalises loose user input to one shape; the only place defaults live. */
export function resolveOptions(opts: LockOptions | undefined): ResolvedOptions {
  const staleMs = nonNegative('staleMs', opts?.staleMs, 10_000);
  if (!Number.isFinite(staleMs) || staleMs < MIN_STALE_MS || staleMs > MAX_TIMER_MS) {
    throw new LockOptionError(
      'staleMs',
      `a finite number from ${MIN_STALE_MS} to ${MAX_TIMER_MS} (2^31 - 1 ms, the longest timer)`,
      staleMs,
    );
  }
  const timeoutMs = nonNegative('timeoutMs', opts?.timeoutMs, 10_000);
  if (timeoutMs > MAX_TIMER_MS && timeoutMs !== Number.POSITIVE_INFINITY) {
    throw new LockOptionError(
      'timeoutMs',
      `a number from 0 to ${MAX_TIMER_MS} (2^31 - 1 ms, the longest timer), or Infinity to wait forever`,
      timeoutMs,
    );
  }
  if (opts?.lockPath !== undefined && (typeof opts.lockPath !== 'string' || opts.lockPath === '')) {
    throw new LockOptionError('lockPath', 'a non-empty string', opts.lockPath);
  }
  if (opts?.signal !== undefined && !isSignal(opts.signal)) {
    throw new LockOptionError('signal', 'an AbortSignal', opts.signal);
  }
  return {
    staleMs,
    timeoutMs,
    signal: opts?.signal,
    lockPath: opts?.lockPath,
  };
}
