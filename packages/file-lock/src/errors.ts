import { inspect } from 'node:util';
import type { LockOwner } from './owner.js';

/** What a timed-out waiter last saw when it did not see the holder's owner metadata. */
export type TimeoutFinding = 'no-owner' | 'turn' | 'free';

function describeOwner(owner: LockOwner | undefined, seen: TimeoutFinding): string {
  if (!owner) {
    if (seen === 'turn') return 'it free but promised to the process that has waited longest (hand-off)';
    if (seen === 'free') return 'it held by others until just now (free at the deadline)';
    return 'it still held by a lock without owner metadata (being created, or made by another tool)';
  }
  const alive = owner.alive === null ? 'liveness unknown' : owner.alive ? 'alive' : 'dead';
  const age = Math.max(0, Date.now() - owner.refreshedAt);
  return `it still held by pid ${owner.pid} on ${owner.hostname} (${alive}, token ${owner.token}, refreshed ${age} ms ago)`;
}

/** Waiting for the lock took longer than `timeoutMs`. */
export class LockTimeoutError extends Error {
  readonly code = 'ELOCKTIMEOUT' as const;
  constructor(
    readonly path: string,
    readonly waitedMs: number,
    readonly owner?: LockOwner,
    options?: { cause?: unknown; seen?: TimeoutFinding },
  ) {
    super(
      `file-lock: expected to lock ${path} within ${waitedMs} ms, found ${describeOwner(owner, options?.seen ?? 'no-owner')}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'LockTimeoutError';
  }
}

/** The caller's AbortSignal fired while waiting for the lock. */
export class LockAbortedError extends Error {
  readonly code = 'ELOCKABORTED' as const;
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(
      `file-lock: expected to wait for the lock on ${path}, found the wait aborted by the caller`,
      options,
    );
    this.name = 'LockAbortedError';
  }
}

/** The reason of `handle.signal` when the lock was lost or taken over while held. */
export class LockCompromisedError extends Error {
  readonly code = 'ELOCKCOMPROMISED' as const;
  constructor(
    readonly path: string,
    readonly found: string,
    options?: { cause?: unknown },
  ) {
    super(`file-lock: expected to still hold the lock on ${path}, found ${found}`, options);
    this.name = 'LockCompromisedError';
  }
}

/** The file system refused an operation the lock needs (permissions, a file where a folder is expected, ...). */
export class LockFailedError extends Error {
  readonly code = 'ELOCKFAILED' as const;
  constructor(
    readonly path: string,
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    const found = (options?.cause as NodeJS.ErrnoException | undefined)?.code ?? String(options?.cause);
    super(`file-lock: expected to ${operation} on ${path}, found ${found}`, options);
    this.name = 'LockFailedError';
  }
}

/** An option has a value the lock cannot work with. */
export class LockOptionError extends TypeError {
  readonly code = 'ELOCKOPTION' as const;
  constructor(
    readonly option: string,
    expected: string,
    readonly value: unknown,
  ) {
    super(
      `file-lock: expected option ${option} to be ${expected}, found ${inspect(value, { depth: 0, breakLength: Number.POSITIVE_INFINITY })}`,
    );
    this.name = 'LockOptionError';
  }
}
