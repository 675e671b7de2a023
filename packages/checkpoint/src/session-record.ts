import { assertMaxAge } from './argument-asserts.js';
import { InvalidValueError, shown } from './errors.js';
import type { JsonValue } from './types.js';

/*
 * The side record `heartbeat:<session>` that `StateManager.heartbeat` writes: the time of the
 * last heartbeat and the status the session gave with it (seed 003's `current_session.json`,
 * `status: active|paused|completed|error`). Stored as `{ at, status }`; a bare number is the
 * record of earlier versions (time only) and reads as an `active` session.
 */

/**
 * What a session says about itself with each heartbeat: `active` while it works, `paused`
 * when it stopped on purpose and will resume, `completed` when it finished (on shutdown),
 * `error` when it failed (the run crashed and needs recovery).
 */
export type SessionStatus = 'active' | 'paused' | 'completed' | 'error';

/** Every {@link SessionStatus}, in that order. */
export const SESSION_STATUSES: readonly SessionStatus[] = Object.freeze([
  'active',
  'paused',
  'completed',
  'error',
]);

/** Options of `StateManager.heartbeat`. */
export interface HeartbeatOptions {
  /**
   * The session's status, stored with the time: `active` while working, `paused`,
   * `completed` on shutdown, `error` after a failure. Anything else is an `InvalidValueError`.
   * @default 'active'
   */
  status?: SessionStatus;
}

/** What `StateManager.session` reports about a session that has had a heartbeat. */
export interface SessionInfo {
  /** The session's name. */
  session: string;
  /** The status given with the last heartbeat (`active` for a record of an earlier version, which had none). */
  status: SessionStatus;
  /** Clock time (ms since epoch) of the last heartbeat. */
  lastBeatAt: number;
  /**
   * Milliseconds since the last heartbeat on the manager's clock (never below 0: a heartbeat
   * written by a clock ahead of this one counts as just now). `isStale(maxAgeMs)` is
   * `ageMs > maxAgeMs`.
   */
  ageMs: number;
}

/** The stored record: time and status. */
interface SessionRecord {
  at: number;
  status: SessionStatus;
}

const isStatus = (value: unknown): value is SessionStatus =>
  typeof value === 'string' && (SESSION_STATUSES as readonly string[]).includes(value);

/** Throws `InvalidValueError` unless `opts` is absent or `{ status? }` with a known status. */
export function assertHeartbeatOptions(opts: unknown): asserts opts is HeartbeatOptions | undefined {
  if (opts === undefined) return;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new InvalidValueError('options', `${shown(opts)} (expected { status? })`);
  }
  for (const key of Object.keys(opts)) {
    if (key !== 'status') {
      throw new InvalidValueError(`options.${key}`, `an unknown option (expected only "status")`);
    }
  }
  const { status } = opts as { status?: unknown };
  if (status !== undefined && !isStatus(status)) {
    const expected = SESSION_STATUSES.map((s) => JSON.stringify(s)).join(', ');
    const found = typeof status === 'string' ? JSON.stringify(status) : shown(status);
    throw new InvalidValueError('status', `${found} (expected one of ${expected})`);
  }
}

/** The record to store for a heartbeat at `at` with `status`. */
export function encodeSessionRecord(at: number, status: SessionStatus): JsonValue {
  return { at, status };
}

/**
 * The stored record read back: a bare number (earlier versions) is an `active` session;
 * anything this version cannot read (damaged, or written by a newer version with a status
 * it does not know) is `undefined`, as if the session never beat.
 */
export function parseSessionRecord(value: JsonValue | undefined): SessionRecord | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? { at: value, status: 'active' } : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { at, status } = value;
  if (typeof at !== 'number' || !Number.isFinite(at) || !isStatus(status)) return undefined;
  return { at, status };
}

/** A record as `session` reports it, aged on a clock that reads `now`. */
export function sessionInfo(session: string, record: SessionRecord, now: number): SessionInfo {
  return { session, status: record.status, lastBeatAt: record.at, ageMs: Math.max(0, now - record.at) };
}

/** How old a session's last heartbeat may be before it counts as stale: 10 minutes (seed 003's check). */
export const DEFAULT_MAX_AGE_MS = 10 * 60_000;

/** Whether a session is stale (what `StateManager.isStale` answers): it never beat, or beat longer than `maxAgeMs` ago. */
export function sessionIsStale(info: SessionInfo | undefined, maxAgeMs: number): boolean {
  return info === undefined || info.ageMs > maxAgeMs;
}

/**
 * Whether a session needs recovery on startup (what `StateManager.needsRecovery` answers,
 * from an info already read): `error` always (the run recorded its own failure); `active`
 * when its last heartbeat is older than `maxAgeMs` (it stopped beating without saying
 * `completed` or `paused`: the run crashed); `paused` and `completed` never; a session
 * that never beat (`undefined`) never.
 */
export function sessionNeedsRecovery(info: SessionInfo | undefined, maxAgeMs: number): boolean {
  assertMaxAge(maxAgeMs);
  if (info === undefined) return false;
  if (info.status === 'error') return true;
  return info.status === 'active' && sessionIsStale(info, maxAgeMs);
}
