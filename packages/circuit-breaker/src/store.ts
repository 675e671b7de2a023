import type { BreakerRecord } from './record.js';

/**
 * What an update function returns: the record to store (or `undefined` to delete it) and a result.
 * Returning the very same object as `current` means "unchanged": a store may skip the write.
 */
export interface StoreUpdate<R> {
  record: BreakerRecord | undefined;
  result: R;
}

/** An update function. It is pure: a store may call it more than once (optimistic retry); only the last call counts. */
export type UpdateFn<R> = (current: BreakerRecord | undefined) => StoreUpdate<R>;

/** Store totals, as in seed 000's `global_stats`. */
export interface StoreTotals {
  totalExecutions: number;
  totalFailures: number;
  /** ms epoch of the most recent write of any record; null when the store is empty. */
  lastUpdated: number | null;
}

/**
 * Where breaker records live. Every implementation runs `runStoreCompliance` (src/store-compliance.ts).
 *
 * Rules:
 * - `update` is atomic per name: read, apply `fn`, write, with no lost update even with many
 *   concurrent callers (in this process and, for shared stores, in other processes).
 * - `fn` must not be assumed to run once; it never does I/O. It may throw: nothing is written and
 *   the error propagates unchanged.
 * - A store that cannot reach its backing storage in bounded time throws `StoreUnavailableError`.
 * - Records are plain JSON data; a store must not keep a reference that `fn` could later mutate
 *   (the core never mutates a record it was given, it returns new objects).
 */
export interface BreakerStore {
  /** Atomically: read the record of `name`, apply `fn`, write the result; returns `fn`'s result. */
  update<R>(name: string, fn: UpdateFn<R>): Promise<R>;
  /**
   * Optional fast path for in-process stores: the same as `update`, synchronously.
   * The breaker uses it when present (no promise hop per call). Shared stores leave it out.
   * The object `fn` returns may be reused by the caller after `updateSync` returns: read it at once.
   */
  updateSync?<R>(name: string, fn: UpdateFn<R>): R;
  get(name: string): Promise<BreakerRecord | undefined>;
  /** Every record, sorted by name. */
  list(): Promise<Array<[string, BreakerRecord]>>;
  totals(): Promise<StoreTotals>;
  close?(): Promise<void>;
}
