import { readFileSync, statSync } from 'node:fs';
import { type Identity, isAlive, selfIdentity } from './identity.js';
import { errno, type Layout, layoutFor } from './layout.js';

/** What `owner.json` holds. Written once, when the instance is born; never rewritten. */
export interface OwnerRecord extends Identity {
  v: 1;
  /** Names this lock instance; compared before any removal. */
  nonce: string;
  token: number;
  acquiredAt: number;
  /**
   * The holder's staleMs: it refreshes every staleMs / 2, so a contender must not judge
   * it stale any sooner. Missing in owner files of earlier versions.
   */
  staleMs?: number;
}

/** The holder of a lock, as `inspectLock` and `LockTimeoutError.owner` report it. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** Linux process start time (clock ticks since boot); `null` elsewhere. */
  startTime: number | null;
  token: number;
  /** ms since epoch. */
  acquiredAt: number;
  /** ms since epoch: the owner file's mtime, touched on every refresh. */
  refreshedAt: number;
  /** `null` when the holder runs on another host (or container) and cannot be checked. */
  alive: boolean | null;
}

/** What is at the lock path right now. */
export type OwnerState =
  | { kind: 'free' }
  | { kind: 'owned'; record: OwnerRecord; mtimeMs: number }
  /** The folder exists but has no readable owner: being created, torn by a crash, or made by another tool. */
  | { kind: 'unknown'; mtimeMs: number };

export function parseOwner(text: string): OwnerRecord | undefined {
  try {
    const o = JSON.parse(text) as Partial<OwnerRecord> | null;
    if (
      o &&
      o.v === 1 &&
      typeof o.nonce === 'string' &&
      Number.isSafeInteger(o.pid) &&
      typeof o.hostname === 'string' &&
      Number.isSafeInteger(o.token) &&
      typeof o.acquiredAt === 'number'
    ) {
      const record: OwnerRecord = {
        v: 1,
        nonce: o.nonce,
        pid: o.pid as number,
        hostname: o.hostname,
        hostKey: typeof o.hostKey === 'string' ? o.hostKey : null,
        startTime: typeof o.startTime === 'number' ? o.startTime : null,
        token: o.token as number,
        acquiredAt: o.acquiredAt,
      };
      if (typeof o.staleMs === 'number' && Number.isFinite(o.staleMs) && o.staleMs > 0)
        record.staleMs = o.staleMs;
      return record;
    }
  } catch {
    // torn or foreign: reported as unknown
  }
  return undefined;
}

export async function readOwnerState(layout: Layout): Promise<OwnerState> {
  return readOwnerStateSync(layout);
}

/** `readOwnerState` for a timer callback (a few synchronous system calls, as all of them are). */
export function readOwnerStateSync(layout: Layout): OwnerState {
  let text: string;
  try {
    text = readFileSync(layout.ownerFile, 'utf8');
  } catch (err) {
    if (errno(err) !== 'ENOENT' && errno(err) !== 'ENOTDIR') throw err;
    try {
      return { kind: 'unknown', mtimeMs: statSync(layout.lockPath).mtimeMs };
    } catch (err2) {
      if (errno(err2) === 'ENOENT') return { kind: 'free' };
      throw err2;
    }
  }
  let mtimeMs: number;
  try {
    mtimeMs = statSync(layout.ownerFile).mtimeMs;
  } catch (err) {
    if (errno(err) === 'ENOENT') return readOwnerStateSync(layout); // removed between the two calls
    throw err;
  }
  const record = parseOwner(text);
  return record ? { kind: 'owned', record, mtimeMs } : { kind: 'unknown', mtimeMs };
}

export function toLockOwner(record: OwnerRecord, mtimeMs: number, me?: Identity): LockOwner {
  return {
    pid: record.pid,
    hostname: record.hostname,
    startTime: record.startTime,
    token: record.token,
    acquiredAt: record.acquiredAt,
    refreshedAt: mtimeMs,
    alive: isAlive(record, me ?? selfIdentity()),
  };
}

export type Verdict = 'free' | 'live' | 'dead' | 'stale';

/**
 * May the instance at the lock path be removed by a contender? Pure: `now` and
 * liveness come in as arguments.
 * - dead: the owner runs on this host and its process is gone (or its pid was reused);
 * - stale: not refreshed for `staleMs` (the only rule for other hosts and foreign locks),
 *   or for the holder's own staleMs when that is larger (it refreshes only every half of it;
 *   an owner file without one is judged by the contender's);
 * - live: otherwise.
 */
export function judge(state: OwnerState, alive: boolean | null, now: number, staleMs: number): Verdict {
  if (state.kind === 'free') return 'free';
  if (state.kind === 'owned' && alive === false) return 'dead';
  const limit = state.kind === 'owned' ? Math.max(staleMs, state.record.staleMs ?? 0) : staleMs;
  return now - state.mtimeMs > limit ? 'stale' : 'live';
}

/** The current holder of `path`'s lock, or `undefined` when it is free or has no owner metadata. */
export async function inspectLock(
  path: string,
  opts?: { lockPath?: string },
): Promise<LockOwner | undefined> {
  const state = await readOwnerState(layoutFor(path, opts?.lockPath));
  return state.kind === 'owned' ? toLockOwner(state.record, state.mtimeMs) : undefined;
}
