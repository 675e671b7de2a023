import { createHash } from 'node:crypto';
import type { JsonValue } from './types.js';

/** What `progress()` reports. */
export interface BatchProgress {
  total: number;
  /** In list order. */
  completed: string[];
  failed: Array<{ item: string; error: string }>;
  /** Items neither completed nor failed. */
  pending: number;
  /** Clock time (ms since epoch) `create` made the batch. */
  createdAt: number;
  /** Clock time of the batch's last change (its creation, or the last item marked). */
  updatedAt: number;
}

/**
 * The side-record keys of batch `id`: its status `batch:<id>` and its item list
 * `batch:<id>/items`. A batch name never contains `/` (see `assertName`), so no batch's key is
 * another batch's: batch `x:items` has status `batch:x:items`, batch `x` items `batch:x/items`.
 */
export function batchKeys(id: string): { status: string; items: string } {
  return { status: `batch:${id}`, items: `batch:${id}/items` };
}

/**
 * The status side record of a batch (`batch:<id>`): one character per item (`.` pending,
 * `c` completed, `f` failed), so a step writes O(items) bytes once; the item list itself is
 * its own record (`batch:<id>/items`, see `batchKeys`), written once.
 */
export interface BatchStatus {
  status: string;
  /** Item index -> failure message. */
  errors: Record<string, string>;
  /** sha256 of the item list's JSON: the list this status counts (records of earlier versions lack it). */
  itemsHash?: string;
  /** Clock time of `create` (records of earlier versions lack it). */
  createdAt?: number;
  updatedAt: number;
}

/** The sha256 that tells item lists apart (`BatchStatus.itemsHash`). */
export function hashItems(items: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(items)).digest('hex');
}

/** A batch's status right after `create`: every item pending. */
export function newStatus(items: readonly string[], itemsHash: string, now: number): BatchStatus {
  return { status: '.'.repeat(items.length), errors: {}, itemsHash, createdAt: now, updatedAt: now };
}

/** `st` with item `i` marked `mark` (a failure with its message); `st` itself when `i` is completed already. */
export function withMark(
  st: BatchStatus,
  i: number,
  mark: 'c' | 'f',
  error: string | undefined,
  now: number,
): BatchStatus {
  if (st.status[i] === 'c') return st; // completed stays completed
  const errors = { ...st.errors };
  if (mark === 'f') errors[String(i)] = error ?? '';
  else delete errors[String(i)];
  return { ...st, status: st.status.slice(0, i) + mark + st.status.slice(i + 1), errors, updatedAt: now };
}

/** How many items are neither completed nor failed. */
export function pendingOf(st: BatchStatus): number {
  let n = 0;
  for (const s of st.status) if (s === '.') n++;
  return n;
}

/** The counts and lists `progress()` reports, in item order. */
export function summarize(items: readonly string[], st: BatchStatus): BatchProgress {
  const completed: string[] = [];
  const failed: Array<{ item: string; error: string }> = [];
  items.forEach((item, i) => {
    const s = st.status[i];
    if (s === 'c') completed.push(item);
    else if (s === 'f') failed.push({ item, error: st.errors[String(i)] ?? '' });
  });
  // a record of an earlier version has no createdAt: its last update is the only time it has
  const createdAt = st.createdAt ?? st.updatedAt;
  return {
    total: items.length,
    completed,
    failed,
    pending: pendingOf(st),
    createdAt,
    updatedAt: st.updatedAt,
  };
}

/** The status as the JSON value a backend stores. */
export const asJson = (st: BatchStatus) => st as unknown as JsonValue;
