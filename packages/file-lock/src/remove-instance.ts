import { readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Identity, isAlive } from './identity.js';
import { CLAIM_PREFIX, errno, type Layout, newNonce, tombPath } from './layout.js';
import { readOwnerState } from './owner.js';
import { readTokenState, writeTokenState } from './token-file.js';
import { nextTurn, type TurnEntry } from './turn-queue.js';

/*
 * Removing a lock instance: the single-winner takeover
 * ====================================================
 * A lock instance is the folder at `lockPath` together with the `owner.json`
 * created in it (nonce, pid, start time, host, token). Nobody ever deletes
 * `lockPath` by name. Releasing it (its holder) and reaping it (a contender that
 * judged it dead or stale) are the SAME procedure:
 *
 *   1. write `lockPath/claim.<my nonce>`           (lands in whatever instance is there now)
 *   2. list `lockPath`; go on only if my claim is listed and every other claim is
 *      abandoned (its writer is dead on this host, or its mtime is older than staleMs);
 *      otherwise delete my claim and retry after a random few ms ("busy")
 *   3. re-read owner.json: go on only if its nonce is the one I judged (mine when
 *      releasing); otherwise delete my claim and stop ("mismatch")
 *   4. write `<lockPath>.token` = max(token so far, the instance's token) (+ whose turn)
 *   5. rename `lockPath` -> `<lockPath>.tomb-<nonce>`, then delete the tomb.
 *
 * Why at most one remover acts on an instance: claims are written before the
 * list is read (claim-then-check). For two removers A and B, if A's list did not
 * show B's claim, B claimed after A listed, so B's list shows A's claim: B backs
 * off. Both may back off (then both retry with jitter); both can never proceed.
 * A claim leaves the folder only when its writer backs off or together with the
 * whole instance (the rename), so a listed live claim stays until its writer is done.
 * While one remover acts, the instance therefore stays at `lockPath`, and steps 3
 * and 5 look at the same instance.
 *
 * Interleavings, written out:
 * - Two contenders reap the same dead holder: claim-then-check lets one through;
 *   the other's claim either sits in the same folder (it backs off) or was moved
 *   into the tomb with it (step 2 does not find it: "gone").
 * - A contender judged instance I dead, but I was removed and J created before
 *   its claim landed: the claim is in J; step 3 sees J's nonce and backs off.
 *   J's holder releasing meanwhile sees a live claim and retries a few ms later.
 * - The holder releases while a contender reaps it as stale (holder was paused):
 *   only one passes step 2. If the reaper wins, the holder's release finds the
 *   folder gone or a newer nonce and removes nothing.
 * - A paused holder resumes after a takeover: its refresh reads a different nonce
 *   and aborts `handle.signal`; its `release()` stops at step 3. Its token is
 *   lower than the new holder's, because step 4 ran before its instance left.
 * - A remover dies holding a claim: it is ignored at once on this host (dead pid),
 *   after staleMs otherwise, and disappears with the instance it sits in. No fixed
 *   name (`lockPath/reaper`) is used: clearing an abandoned fixed-name reaper is
 *   again remove-then-create, the two-winners race of proper-lockfile issue 121
 *   one level down; unique claims never need clearing.
 * - An acquirer paused between its mkdir and owner.json for longer than staleMs:
 *   its empty folder is reaped as stale (expected nonce `null`). If it then
 *   writes owner.json (flag 'wx') into a newer folder, exactly one of the two
 *   owner files wins the exclusive create; the token re-read after it catches a
 *   stale token (attempt.ts).
 * Residual limit (every lease lock has one): a remover paused for more than
 * staleMs exactly between its last check (the elapsed-time check right before
 * step 5) and the rename can move a newer instance aside. Its holder notices at
 * its next refresh (at most staleMs/2 later: signal aborted); its token stays
 * lower than any later holder's, which is what fencing tokens are for.
 */

export type RemoveResult = 'removed' | 'gone' | 'busy' | 'mismatch';

export interface RemoveRequest {
  /** Nonce of the instance judged removable; `null` for a folder without owner metadata. */
  expect: string | null;
  staleMs: number;
  me: Identity;
  /** The hand-off: never give the next turn to this poller (the releasing process's own). */
  exclude: string;
  /** A waiter of this process that may get the next turn if it waited longest. */
  candidate?: TurnEntry;
  /** How long the other waiters hold back for the one whose turn it is. */
  graceMs: number;
}

async function abandoned(file: string, staleMs: number, me: Identity): Promise<boolean> {
  try {
    const [text, st] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    if (Date.now() - st.mtimeMs > staleMs) return true;
    const who = JSON.parse(text) as Identity;
    return isAlive(who, me) === false;
  } catch (err) {
    return errno(err) === 'ENOENT'; // gone = not in the way; torn = being written (live)
  }
}

export async function removeInstance(layout: Layout, req: RemoveRequest): Promise<RemoveResult> {
  const nonce = newNonce();
  const claimName = `${CLAIM_PREFIX}${nonce}`;
  const claimFile = join(layout.lockPath, claimName);
  const claimedAt = Date.now();
  try {
    await writeFile(claimFile, JSON.stringify(req.me), { flag: 'wx' });
  } catch (err) {
    if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return 'gone';
    throw err;
  }
  const backOff = async (result: RemoveResult): Promise<RemoveResult> => {
    await unlink(claimFile).catch(() => {});
    return result;
  };
  let names: string[];
  try {
    names = await readdir(layout.lockPath);
  } catch (err) {
    if (errno(err) === 'ENOENT') return 'gone';
    throw err;
  }
  if (!names.includes(claimName)) return 'gone'; // my claim went away with an older instance
  for (const name of names) {
    if (name === claimName || !name.startsWith(CLAIM_PREFIX)) continue;
    if (!(await abandoned(join(layout.lockPath, name), req.staleMs, req.me))) return backOff('busy');
  }
  const state = await readOwnerState(layout);
  const found = state.kind === 'owned' ? state.record.nonce : null;
  if (state.kind === 'free') return 'gone';
  if (found !== req.expect) return backOff('mismatch');

  const previous = await readTokenState(layout);
  const token = Math.max(previous.token, state.kind === 'owned' ? state.record.token : 0);
  const turn = await nextTurn(layout, req.exclude, req.candidate, req.me);
  await writeTokenState(
    layout,
    turn ? { token, next: turn.poller, until: Date.now() + req.graceMs } : { token },
  );
  if (Date.now() - claimedAt > req.staleMs / 2) return backOff('busy'); // we were paused: others may ignore our claim
  const tomb = tombPath(layout, nonce);
  try {
    await rename(layout.lockPath, tomb);
  } catch (err) {
    if (errno(err) === 'ENOENT') return 'gone';
    throw err;
  }
  await rm(tomb, { recursive: true, force: true }).catch(() => {});
  return 'removed';
}
