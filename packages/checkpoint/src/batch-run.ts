import { assertOptions } from './argument-asserts.js';
import type { Backend } from './backend.js';
import { callBackend } from './backend-call.js';
import { BatchMismatchError, BatchUnfinishedError } from './batch-errors.js';
import {
  asJson,
  type BatchProgress,
  type BatchStatus,
  batchKeys,
  hashItems,
  newStatus,
  pendingOf,
  summarize,
  withMark,
} from './batch-status.js';
import { InvalidValueError, NotFoundError, shown } from './errors.js';
import type { Clock } from './types.js';

export { BatchMismatchError, type BatchProgress, BatchUnfinishedError };

/** The text a failure is recorded with: an Error's message, a string as it is, anything else shown. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : shown(error);
}

/** Options of `BatchRun.delete`. */
export interface BatchDeleteOptions {
  /** Delete the batch even while items are pending (else `BatchUnfinishedError`). @default false */
  force?: boolean;
}

/** `delete`'s options checked: absent or `{ force? }` with a boolean `force`, else InvalidValueError. */
function batchDeleteRequest(options: unknown): { force: boolean } {
  assertOptions(options, ['force']);
  const force = options?.force ?? false;
  if (typeof force !== 'boolean')
    throw new InvalidValueError('force', `${shown(force)} (expected a boolean)`);
  return { force };
}

/** The item list as read from its record, with its hash (what the status record names). */
interface Items {
  list: string[];
  hash: string;
}

/** Thrown inside a step when the status counts another item list than the one this run read. */
class OtherItems {}

/**
 * A list of items worked through one at a time that survives crashes: after a restart,
 * `create` with the same items is a no-op and `next()` returns the first item neither
 * completed nor failed, so a completed item is never handed out again. Stored in two side
 * records of the namespace: the item list (written once) and the status, which every
 * `create`, `complete` and `fail` changes with one atomic read-modify-write
 * (`Backend.updateMeta`), so processes marking items of the same batch at the same time lose
 * no mark. Calls on one `BatchRun` object run one at a time.
 */
export class BatchRun {
  #queue: Promise<unknown> = Promise.resolve();
  #items: Items | undefined;

  constructor(
    private readonly backend: Backend,
    private readonly ns: string,
    readonly id: string,
    private readonly clock: Clock,
  ) {}

  get #statusKey() {
    return batchKeys(this.id).status;
  }
  get #itemsKey() {
    return batchKeys(this.id).items;
  }

  #serial<T>(op: () => Promise<T>): Promise<T> {
    const wrapped = () => callBackend(this.backend.kind, `update batch "${this.id}"`, op);
    const run = this.#queue.then(wrapped, wrapped);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `step` with the item list (read once, then kept: it never changes while the batch
   * exists). If the status counts another list (the batch was deleted and created anew with
   * other items since), reads the list again and retries once.
   */
  async #withItems<T>(step: (items: Items) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (!this.#items) {
        const list = (await this.backend.getMeta(this.ns, this.#itemsKey)) as string[] | undefined;
        if (!list) throw new NotFoundError('batch', this.id);
        this.#items = { list, hash: hashItems(list) };
      }
      try {
        return await step(this.#items);
      } catch (err) {
        if (!(err instanceof OtherItems)) throw err;
        this.#items = undefined;
        if (attempt > 0) throw new NotFoundError('batch', this.id); // the new list is not written yet
      }
    }
  }

  /** The status `current`, checked to exist and to count `items`. */
  #statusOf(current: unknown, items: Items): BatchStatus {
    const st = current as BatchStatus | undefined;
    if (!st) throw new NotFoundError('batch', this.id);
    if (st.itemsHash !== undefined && st.itemsHash !== items.hash) throw new OtherItems();
    return st;
  }

  async #readStatus(items: Items): Promise<BatchStatus> {
    return this.#statusOf(await this.backend.getMeta(this.ns, this.#statusKey), items);
  }

  /**
   * Creates the batch; a no-op when it exists with the same items, BatchMismatchError when with
   * others. Of processes creating it at the same time with different lists, the first wins.
   */
  create(items: string[]): Promise<void> {
    if (!Array.isArray(items)) throw new InvalidValueError('items', typeof items);
    const seen = new Set<string>();
    items.forEach((it, i) => {
      if (typeof it !== 'string') throw new InvalidValueError(`items[${i}]`, typeof it);
      if (seen.has(it)) throw new InvalidValueError(`items[${i}]`, `a duplicate item ${JSON.stringify(it)}`);
      seen.add(it);
    });
    const list = [...items];
    const hash = hashItems(list);
    const sameList = (found: unknown) =>
      Array.isArray(found) && found.length === list.length && found.every((x, i) => x === list[i]);
    return this.#serial(async () => {
      // the status record decides which list the batch has: the one of the first create
      const fresh = newStatus(list, hash, this.clock.now());
      const st = (await this.backend.updateMeta(this.ns, this.#statusKey, (cur) => cur ?? asJson(fresh))) as
        | BatchStatus
        | undefined;
      if (!st) throw new NotFoundError('batch', this.id); // deleted right away by another process
      const same =
        st.itemsHash !== undefined
          ? st.itemsHash === hash
          : sameList(await this.backend.getMeta(this.ns, this.#itemsKey));
      if (!same) throw new BatchMismatchError(this.id, list.length, st.status.length);
      // written by the creator, or again after a crash between the two records
      await this.backend.updateMeta(this.ns, this.#itemsKey, (cur) => (sameList(cur) ? cur : list));
      this.#items = { list, hash };
    });
  }

  /** The first item neither completed nor failed; undefined when none is left. */
  next(): Promise<string | undefined> {
    return this.#serial(() =>
      this.#withItems(async (items) => {
        const i = (await this.#readStatus(items)).status.indexOf('.');
        return i < 0 ? undefined : items.list[i];
      }),
    );
  }

  #mark(item: string, mark: 'c' | 'f', error?: unknown): Promise<void> {
    const message = mark === 'f' ? describeFailure(error) : undefined;
    return this.#serial(() =>
      this.#withItems(async (items) => {
        await this.backend.updateMeta(this.ns, this.#statusKey, (cur) => {
          const st = this.#statusOf(cur, items);
          const i = items.list.indexOf(item);
          if (i < 0) throw new NotFoundError(`batch "${this.id}" item`, item);
          return asJson(withMark(st, i, mark, message, this.clock.now()));
        });
      }),
    );
  }

  /** Marks `item` completed (durably, before the promise resolves). */
  complete(item: string): Promise<void> {
    return this.#mark(item, 'c');
  }

  /** Marks `item` failed with the error's message; `next()` skips it. A completed item stays completed. */
  fail(item: string, error: unknown): Promise<void> {
    return this.#mark(item, 'f', error);
  }

  /** Counts and lists, in item order, and when the batch was created and last changed. */
  progress(): Promise<BatchProgress> {
    return this.#serial(() =>
      this.#withItems(async (items) => summarize(items.list, await this.#readStatus(items))),
    );
  }

  /**
   * Deletes the batch's records, so finished batches do not pile up in the namespace; returns
   * false when there was no batch. While items are pending it throws BatchUnfinishedError and
   * deletes nothing, unless `force` is true. Afterwards `create` may make the batch anew (with
   * any items). Delete a batch no other process is still creating or working through.
   */
  delete(options?: BatchDeleteOptions): Promise<boolean> {
    let force: boolean;
    try {
      force = batchDeleteRequest(options).force;
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#serial(async () => {
      let existed = false;
      // the status first: without it the batch does not exist, whatever the item list record holds
      await this.backend.updateMeta(this.ns, this.#statusKey, (cur) => {
        existed = cur !== undefined;
        const pending = cur === undefined ? 0 : pendingOf(cur as unknown as BatchStatus);
        if (pending > 0 && !force) throw new BatchUnfinishedError(this.id, pending);
        return undefined;
      });
      await this.backend.updateMeta(this.ns, this.#itemsKey, () => undefined);
      this.#items = undefined;
      return existed;
    });
  }
}
