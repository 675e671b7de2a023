import { renameSync } from 'node:fs';
import { writeFixed } from './fixed-file.js';
import { errno, newNonce } from './layout.js';
import type { OwnerRecord } from './owner.js';
import { removeInstance } from './remove-instance.js';
import { readTokenState } from './token-file.js';
import type { Workspace } from './workspace.js';

export type Attempt =
  | { kind: 'acquired'; record: OwnerRecord }
  /** Somebody holds the lock: inspect it. */
  | { kind: 'held' }
  /** The lock is free, but it is another waiting process's turn until `until`. */
  | { kind: 'deferred'; until: number }
  /** Lost a race that says nothing about the holder: try again at once. */
  | { kind: 'retry' };

export interface AttemptContext {
  staleMs: number;
  graceMs: number;
  /** This process handed the turn to no one else at its last release: skip the hand-off check. */
  ignoreTurn: boolean;
}

/** The hand-off is ignored when `until` is further away than this many grace periods (clock skew). */
const MAX_GRACE_FACTOR = 2;

/**
 * One try. The instance is prepared complete in this process's own folder
 * (owner.json with nonce, identity, token = last + 1 and staleMs), then renamed to the
 * lock path: the rename fails while another instance is there, so the lock is
 * never visible without its owner. Then the token file is read again: every
 * earlier instance wrote its token there before it left the lock path, so a
 * value >= ours means an instance came and went after our first read, and ours
 * is given up (removed like any other) and the attempt repeated.
 *
 * Limit: rename() replaces an EMPTY folder, so an empty folder at the lock path
 * (never left by this package; proper-lockfile makes one) does not exclude us.
 */
export async function tryAcquire(ws: Workspace, ctx: AttemptContext): Promise<Attempt> {
  const { layout } = ws;
  const turn = await readTokenState(layout);
  const now = Date.now();
  if (
    !ctx.ignoreTurn &&
    turn.next !== undefined &&
    turn.until !== undefined &&
    turn.next !== ws.poller &&
    turn.until > now &&
    turn.until - now <= ctx.graceMs * MAX_GRACE_FACTOR
  ) {
    return { kind: 'deferred', until: turn.until };
  }
  const record: OwnerRecord = {
    v: 1,
    nonce: newNonce(),
    ...ws.me,
    token: turn.token + 1,
    acquiredAt: now,
    staleMs: ctx.staleMs,
  };
  ws.ensurePrepared();
  writeFixed(ws.preparedOwner, JSON.stringify(record));
  try {
    renameSync(ws.prepared, layout.lockPath);
  } catch (err) {
    const code = errno(err);
    const windowsBusy = process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES');
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || windowsBusy) return { kind: 'held' };
    if (code === 'ENOENT') return { kind: 'retry' }; // the prepared folder was lost with a reaped instance
    throw err;
  }
  if ((await readTokenState(layout)).token >= record.token) {
    await removeInstance(ws, {
      expect: record.nonce,
      staleMs: ctx.staleMs,
      exclude: '',
      graceMs: 0,
      own: true,
    });
    return { kind: 'retry' };
  }
  return { kind: 'acquired', record };
}
