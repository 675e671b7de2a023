import { basename, dirname, join, resolve } from 'node:path';

/**
 * Every path the lock uses. Only `lockPath` and the two siblings below are
 * persistent; tombs and temp files are short-lived and unique per process.
 *
 * ```
 * <lockPath>/                 the lock instance (a folder; exists while held)
 *   owner.json                owner metadata; its mtime is the refresh time
 *   claim.<nonce>             a remover's claim (see remove-instance.ts)
 * <lockPath>.token            last token handed out + whose turn is next
 * <lockPath>.queue/<ts>.<n>   one entry per waiting process (cross-process FIFO)
 * <lockPath>.tomb-<nonce>     a reaped instance being deleted
 * <lockPath>.p-<poller>/      this process's next instance, prepared (owner.json inside);
 *                             renamed to <lockPath> to take the lock, renamed back to release
 * <lockPath>.c-<poller>       this process's claim file, renamed into an instance to remove it
 * ```
 * Steady state creates and deletes no file: every step is an in-place write or
 * a rename (see fixed-file.ts for why).
 */
export interface Layout {
  /** The locked path, absolute (need not exist). */
  path: string;
  lockPath: string;
  dir: string;
  base: string;
  ownerFile: string;
  tokenFile: string;
  queueDir: string;
}

export function layoutFor(path: string, lockPath?: string): Layout {
  const abs = resolve(path);
  const lp = resolve(lockPath ?? `${abs}.lock`);
  return {
    path: abs,
    lockPath: lp,
    dir: dirname(lp),
    base: basename(lp),
    ownerFile: join(lp, 'owner.json'),
    tokenFile: `${lp}.token`,
    queueDir: `${lp}.queue`,
  };
}

/**
 * 16 hex characters: unique enough to name one lock instance, claim or temp file.
 * Drawn from Math.random (seeded per isolate from the OS entropy source) rather than
 * node:crypto, whose loading alone costs a short-lived process about 2 ms.
 */
export function newNonce(): string {
  return hex8() + hex8();
}

function hex8(): string {
  return Math.floor(Math.random() * 0x1_0000_0000)
    .toString(16)
    .padStart(8, '0');
}

export const CLAIM_PREFIX = 'claim.';

export function tombPath(layout: Layout, nonce: string): string {
  return `${layout.lockPath}.tomb-${nonce}`;
}

/** The leftovers a crash can leave beside the lock (a tomb not fully deleted, a temp token file). */
export function preparedDir(layout: Layout, poller: string): string {
  return `${layout.lockPath}.p-${poller}`;
}

/** Where the claim `claim.<poller>` lives while it is not in use. */
export function claimHome(layout: Layout, poller: string): string {
  return `${layout.lockPath}.c-${poller}`;
}

export function claimName(poller: string): string {
  return `${CLAIM_PREFIX}${poller}`;
}

export function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

/** Runs a best-effort clean-up step whose failure changes nothing (the entry is gone already, ...). */
export function quietly(step: () => unknown): void {
  try {
    step();
  } catch {
    // best effort
  }
}
