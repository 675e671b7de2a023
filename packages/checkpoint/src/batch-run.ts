import type { Backend } from './backend.js';
import {
  BackendError,
  ConflictError,
  InvalidNameError,
  InvalidValueError,
  NotFoundError,
  shown,
} from './errors.js';
import type { Clock, JsonValue } from './types.js';

/** The text a failure is recorded with: an Error's message, a string as it is, anything else shown. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : shown(error);
}

/** What `progress()` reports. */
export interface BatchProgress {
  total: number;
  /** In list order. */
  completed: string[];
  failed: Array<{ item: string; error: string }>;
  /** Items neither completed nor failed. */
  pending: number;
}

/** Persisted status: one character per item (`.` pending, `c` completed, `f` failed), so a step writes O(items) bytes once. */
interface Status {
  status: string;
  errors: Record<string, string>;
  updatedAt: number;
}

/** `create` found the batch already created with other items. */
export class BatchMismatchError extends Error {
  readonly code = 'EBATCHMISMATCH' as const;
  constructor(
    readonly batch: string,
    readonly expected: number,
    readonly found: number,
    options?: { cause?: unknown },
  ) {
    super(
      `checkpoint: expected batch "${batch}" to be created with the same items as before (${found} items), found a different list of ${expected} items`,
      options,
    );
    this.name = 'BatchMismatchError';
  }
}

const OURS = [
  BatchMismatchError,
  ConflictError,
  InvalidNameError,
  InvalidValueError,
  NotFoundError,
  BackendError,
];

/**
 * A list of items worked through one at a time that survives crashes: after a
 * restart, `create` with the same items is a no-op and `next()` returns the first
 * item neither completed nor failed, so a completed item is never handed out
 * again. Stored in the namespace's meta records; one process drives a batch at a
 * time (calls from one process are serialised).
 */
export class BatchRun {
  #queue: Promise<unknown> = Promise.resolve();
  #items: string[] | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly ns: string,
    readonly id: string,
    private readonly clock: Clock,
  ) {}

  #serial<T>(op: () => Promise<T>): Promise<T> {
    const wrapped = async () => {
      try {
        return await op();
      } catch (err) {
        if (OURS.some((C) => err instanceof C)) throw err;
        throw new BackendError(this.backend.kind, `update batch "${this.id}"`, { cause: err });
      }
    };
    const run = this.#queue.then(wrapped, wrapped);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #load(): Promise<{ items: string[]; st: Status }> {
    this.#items ??= (await this.backend.getMeta(this.ns, `batch:${this.id}:items`)) as string[] | undefined;
    const st = (await this.backend.getMeta(this.ns, `batch:${this.id}`)) as Status | undefined;
    if (!this.#items || !st) throw new NotFoundError('batch', this.id);
    return { items: this.#items, st };
  }

  /** Creates the batch; a no-op when it exists with the same items, BatchMismatchError when with others. */
  create(items: string[]): Promise<void> {
    if (!Array.isArray(items)) throw new InvalidValueError('items', typeof items);
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (typeof it !== 'string') throw new InvalidValueError(`items[${i}]`, typeof it);
      if (seen.has(it)) throw new InvalidValueError(`items[${i}]`, `a duplicate item ${JSON.stringify(it)}`);
      seen.add(it);
    });
    return this.#serial(async () => {
      const existing = (await this.backend.getMeta(this.ns, `batch:${this.id}:items`)) as
        | string[]
        | undefined;
      const st = await this.backend.getMeta(this.ns, `batch:${this.id}`);
      if (existing && st) {
        const same = existing.length === items.length && existing.every((x, i) => x === items[i]);
        if (!same) throw new BatchMismatchError(this.id, items.length, existing.length);
        this.#items = existing;
        return;
      }
      await this.backend.setMeta(this.ns, `batch:${this.id}:items`, [...items]);
      const fresh: Status = { status: '.'.repeat(items.length), errors: {}, updatedAt: this.clock.now() };
      await this.backend.setMeta(this.ns, `batch:${this.id}`, fresh as unknown as JsonValue);
      this.#items = [...items];
    });
  }

  /** The first item neither completed nor failed; undefined when none is left. */
  next(): Promise<string | undefined> {
    return this.#serial(async () => {
      const { items, st } = await this.#load();
      const i = st.status.indexOf('.');
      return i < 0 ? undefined : items[i];
    });
  }

  #mark(item: string, mark: 'c' | 'f', error?: unknown): Promise<void> {
    return this.#serial(async () => {
      const { items, st } = await this.#load();
      const i = items.indexOf(item);
      if (i < 0) throw new NotFoundError(`batch "${this.id}" item`, item);
      if (st.status[i] === 'c') return; // completed stays completed
      const errors = { ...st.errors };
      if (mark === 'f') errors[String(i)] = describeFailure(error);
      else delete errors[String(i)];
      const next: Status = {
        status: st.status.slice(0, i) + mark + st.status.slice(i + 1),
        errors,
        updatedAt: this.clock.now(),
      };
      await this.backend.setMeta(this.ns, `batch:${this.id}`, next as unknown as JsonValue);
    });
  }

  /** Marks `item` completed (durably, before the promise resolves). */
  complete(item: string): Promise<void> {
    return this.#mark(item, 'c');
  }

  /** Marks `item` failed with the error's message; `next()` skips it. A completed item stays completed. */
  fail(item: string, error: unknown): Promise<void> {
    return this.#mark(item, 'f', error);
  }

  /** Counts and lists, in item order. */
  progress(): Promise<BatchProgress> {
    return this.#serial(async () => {
      const { items, st } = await this.#load();
      const completed: string[] = [];
      const failed: Array<{ item: string; error: string }> = [];
      let pending = 0;
      items.forEach((item, i) => {
        const s = st.status[i];
        if (s === 'c') completed.push(item);
        else if (s === 'f') failed.push({ item, error: st.errors[String(i)] ?? '' });
        else pending++;
      });
      return { total: items.length, completed, failed, pending };
    });
  }
}
