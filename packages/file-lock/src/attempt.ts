import { mkdir, rmdir, writeFile } from 'node:fs/promises';
import type { Identity } from './identity.js';
import { errno, type Layout, newNonce } from './layout.js';
import type { OwnerRecord } from './owner.js';
import { removeInstance } from './remove-instance.js';
import { readTokenState } from './token-file.js';

export type Attempt =
  | { kind: 'acquired'; record: OwnerRecord }
  /** Somebody holds the lock (or the folder is being created): inspect it. */
  | { kind: 'held' }
  /** The lock is free, but it is another waiting process's turn until `until`. */
  | { kind: 'deferred'; until: number }
  /** Lost a race that says nothing about the holder: try again at once. */
  | { kind: 'retry' };

export interface AttemptContext {
  me: Identity;
  /** This process's poller for the path (names its turn-queue entry). */
  poller: string;
  staleMs: number;
  graceMs: number;
}

/** The hand-off is ignored when `until` is further away than this many grace periods (clock skew). */
const MAX_GRACE_FACTOR = 2;

/**
 * One try: `mkdir lockPath`, then `owner.json` (flag 'wx') with token = last + 1.
 * The token file is read AFTER the mkdir (every earlier instance wrote its token
 * before it left the path) and re-read after owner.json exists: a higher value
 * there means this process was paused long enough to be reaped, and the
 * instance is given up.
 */
export async function tryAcquire(layout: Layout, ctx: AttemptContext): Promise<Attempt> {
  const turn = await readTokenState(layout);
  const now = Date.now();
  if (
    turn.next !== undefined &&
    turn.until !== undefined &&
    turn.next !== ctx.poller &&
    turn.until > now &&
    turn.until - now <= ctx.graceMs * MAX_GRACE_FACTOR
  ) {
    return { kind: 'deferred', until: turn.until };
  }
  try {
    await mkdir(layout.lockPath);
  } catch (err) {
    if (errno(err) === 'EEXIST') return { kind: 'held' };
    if (errno(err) !== 'ENOENT') throw err;
    await mkdir(layout.dir, { recursive: true });
    return { kind: 'retry' };
  }
  const bornAt = Date.now();
  const { token: last } = await readTokenState(layout);
  const record: OwnerRecord = {
    v: 1,
    nonce: newNonce(),
    ...ctx.me,
    token: last + 1,
    acquiredAt: Date.now(),
  };
  if (Date.now() - bornAt > ctx.staleMs / 2) {
    // Paused since the mkdir: the empty folder may already count as stale. Start over.
    await rmdir(layout.lockPath).catch(() => {});
    return { kind: 'retry' };
  }
  try {
    await writeFile(layout.ownerFile, JSON.stringify(record), { flag: 'wx' });
  } catch (err) {
    if (errno(err) === 'EEXIST') return { kind: 'held' }; // a paused acquirer won this folder
    if (errno(err) === 'ENOENT') return { kind: 'retry' }; // our folder was reaped
    throw err;
  }
  const after = await readTokenState(layout);
  if (after.token >= record.token) {
    await removeInstance(layout, {
      expect: record.nonce,
      staleMs: ctx.staleMs,
      me: ctx.me,
      exclude: '',
      graceMs: 0,
    });
    return { kind: 'retry' };
  }
  return { kind: 'acquired', record };
}
