import { readdirSync, readFileSync, renameSync, rm, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { ring } from './doorbell.js';
import { type Identity, isAlive } from './identity.js';
import { CLAIM_PREFIX, claimHome, errno, type Layout, newNonce, quietly, tombPath } from './layout.js';
import { parseOwner } from './owner.js';
import { readTokenState, writeTokenState } from './token-file.js';
import { entryPath, nextTurn, type TurnEntry } from './turn-queue.js';
import type { Workspace } from './workspace.js';

/*
 * Removing a lock instance: the single-winner takeover
 * ====================================================
 * A lock instance is the folder at `lockPath` together with the `owner.json`
 * created in it (nonce, pid, start time, host, token). Nobody ever deletes
 * `lockPath` by name. Releasing it (its holder) and reaping it (a contender that
 * judged it dead or stale) are the SAME procedure:
 *
 *   1. rename my claim file to `lockPath/claim.<me>` (lands in whatever instance is there now)
 *   2. list `lockPath`; go on only if my claim is listed and every other claim is
 *      abandoned (its writer is dead on this host, or its mtime is older than staleMs,
 *      or than the staleMs the claim names when that is larger);
 *      otherwise delete my claim and retry after a random few ms ("busy")
 *   3. re-read owner.json: go on only if its nonce is the one I judged (mine when
 *      releasing); otherwise delete my claim and stop ("mismatch")
 *   4. write `<lockPath>.token` = max(token so far, the instance's token) (+ whose turn)
 *   5. rename `lockPath` away (and ring the doorbell of the waiter whose turn it is): a release renames it back to the holder's prepared
 *      folder (reused for its next acquisition), a reap to `<lockPath>.tomb-<n>`,
 *      then deleted. Claims that rode along are renamed back to their homes.
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
  /** The caller's own instance (a release): it is recycled as the caller's prepared folder. */
  own: boolean;
  staleMs: number;
  /** The hand-off: never give the next turn to this poller (the releasing process's own). */
  exclude: string;
  /** A waiter of this process that may get the next turn if it waited longest. */
  candidate?: TurnEntry;
  /** How long the other waiters hold back for the one whose turn it is. */
  graceMs: number;
  /** Set when the holder releases: its own token, known to be the highest (saves a read). */
  ownToken?: number;
  /** Told whose turn this removal handed on. */
  onTurn?: (next: string | undefined, until: number) => void;
}

/** The owner record in owner.json; `null` when missing or torn. */
function readOwnerRecord(layout: Layout) {
  try {
    return parseOwner(readFileSync(layout.ownerFile, 'utf8')) ?? null;
  } catch (err) {
    if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return null;
    throw err;
  }
}

/** A claim file's content: its writer's identity and, since this version, its staleMs. */
function parseClaim(text: string): (Identity & { staleMs?: number }) | undefined {
  try {
    const o = JSON.parse(text) as (Identity & { staleMs?: unknown }) | null;
    if (!o || typeof o !== 'object') return undefined;
    const staleMs = typeof o.staleMs === 'number' && Number.isFinite(o.staleMs) ? o.staleMs : undefined;
    return { ...o, staleMs };
  } catch {
    return undefined;
  }
}

/**
 * Its writer is dead on this host, or it is older than staleMs (or than its writer's
 * own staleMs when that is larger: the writer goes on for up to half of it).
 */
function abandoned(file: string, staleMs: number, me: Identity): boolean {
  try {
    const text = readFileSync(file, 'utf8');
    const age = Date.now() - statSync(file).mtimeMs;
    const who = parseClaim(text);
    if (age > Math.max(staleMs, who?.staleMs ?? 0)) return true;
    if (!who) return false; // being written, or foreign: assume live until it is old
    return isAlive(who, me) === false;
  } catch (err) {
    return errno(err) === 'ENOENT'; // gone = not in the way; unreadable = assume live
  }
}

/** After the rename the instance is private: claims that rode along go back home, strays go. */
function sendClaimsHome(layout: Layout, dir: string, own: boolean): void {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(CLAIM_PREFIX)) {
      const home = claimHome(layout, name.slice(CLAIM_PREFIX.length));
      quietly(() => renameSync(join(dir, name), home));
    } else if (own && name !== 'owner.json') {
      quietly(() => rmSync(join(dir, name), { recursive: true, force: true }));
    }
  }
}

export async function removeInstance(ws: Workspace, req: RemoveRequest): Promise<RemoveResult> {
  const { layout, me } = ws;
  const fresh = ws.ensureClaim(req.staleMs);
  const claimedAt = Date.now();
  const inLock = join(layout.lockPath, ws.claimName);
  try {
    // its age tells others whether it is abandoned (a claim written just now is young already)
    if (!fresh) {
      const now = new Date(claimedAt);
      utimesSync(ws.claimHome, now, now);
    }
    renameSync(ws.claimHome, inLock);
  } catch (err) {
    if (errno(err) === 'ENOENT' || errno(err) === 'ENOTDIR') return 'gone';
    throw err;
  }
  const backOff = (result: RemoveResult): RemoveResult => {
    quietly(() => renameSync(inLock, ws.claimHome));
    return result;
  };
  let names: string[];
  try {
    names = readdirSync(layout.lockPath);
  } catch (err) {
    if (errno(err) === 'ENOENT') return 'gone';
    throw err;
  }
  if (!names.includes(ws.claimName)) return 'gone'; // my claim went away with an older instance
  for (const name of names) {
    if (name === ws.claimName || !name.startsWith(CLAIM_PREFIX)) continue;
    if (!abandoned(join(layout.lockPath, name), req.staleMs, me)) return backOff('busy');
  }
  const owner = readOwnerRecord(layout);
  if ((owner?.nonce ?? null) !== req.expect) return backOff('mismatch');

  const token = req.ownToken ?? Math.max((await readTokenState(layout)).token, owner?.token ?? 0);
  const turn = await nextTurn(layout, req.exclude, req.candidate, me);
  const until = Date.now() + req.graceMs;
  await writeTokenState(layout, turn ? { token, next: turn.poller, until } : { token });
  req.onTurn?.(turn?.poller, until);
  if (Date.now() - claimedAt > req.staleMs / 2) return backOff('busy'); // we were paused: others may ignore our claim
  const dest = req.own ? ws.prepared : tombPath(layout, newNonce());
  try {
    renameSync(layout.lockPath, dest);
  } catch (err) {
    if (errno(err) === 'ENOENT') return 'gone';
    throw err;
  }
  if (turn && turn.poller !== ws.poller) ring(entryPath(layout, turn)); // the lock is free: wake the next one
  sendClaimsHome(layout, dest, req.own);
  // A reaped instance is deleted; the lock is free already, no need to wait for that.
  // (the callback rm: node:fs/promises costs a short-lived CLI about 1.5 ms to load)
  if (!req.own) rm(dest, { recursive: true, force: true }, () => {});
  return 'removed';
}
