import { openStateFile, type RecoverEvent, type StateFile } from '@steadystate/state-file';
import type { Clock } from './clock.js';
import { capCount } from './count-cap.js';
import { InvalidOptionError, StoreUnavailableError } from './errors.js';
import { breakerCodec, createBreakerCodec } from './file-store-codec.js';
import type { BreakerDocument, HookEntry } from './file-store-document.js';
import { hookToRecord, recordToHook, stopsCalls } from './file-store-mapping.js';
import type { BreakerRecord } from './record.js';
import type { BreakerStore, StoreTotals, UpdateFn } from './store.js';

/** Options of {@link FileStore}. */
export interface FileStoreOptions {
  /**
   * Lock of the state file, taken by every `update()`. Kept modest so a stuck lock surfaces as
   * `StoreUnavailableError` quickly and the caller can fail open.
   * @default { staleMs: 10000, timeoutMs: 5000 }
   */
  lock?: {
    /** A lock not refreshed for this long may be taken over. @default 10000 */
    staleMs?: number;
    /** Give up waiting for the lock after this long (then `StoreUnavailableError`). @default 5000 */
    timeoutMs?: number;
  };
  /**
   * Told when a corrupt state file was moved aside and replaced by its `.bak` or the defaults.
   * @default undefined
   */
  onRecover?: (event: RecoverEvent) => void;
  /**
   * Read and write the state file with synchronous `fs` calls (state-file's `syncIo`): for
   * short-lived processes such as CLI hooks, where thread-pool round trips cost more than
   * the calls. It blocks the event loop for the reads and the fsyncs of an update.
   * @default false
   */
  syncIo?: boolean;
  /**
   * The time a legacy seed-000 `hook_state.json` is migrated at: an open hook with neither
   * `retry_after` nor `disabled_at` stays open for 300 s from it. Inject a fake one in tests.
   * @default Date.now
   */
  clock?: Clock;
}

interface ResolvedFileStoreOptions {
  lock: { staleMs: number; timeoutMs: number };
  onRecover: ((event: RecoverEvent) => void) | undefined;
  syncIo: boolean;
  clock: Clock | undefined;
}

function resolveOptions(opts: FileStoreOptions = {}): ResolvedFileStoreOptions {
  return {
    lock: { staleMs: opts.lock?.staleMs ?? 10_000, timeoutMs: opts.lock?.timeoutMs ?? 5_000 },
    onRecover: opts.onRecover,
    syncIo: opts.syncIo ?? false,
    clock: opts.clock,
  };
}

/** Carries an error thrown by the caller's update function through state-file, unwrapped. */
class CallerError {
  constructor(readonly error: unknown) {}
}

/**
 * Breaker records in one JSON document shared by every process on the machine (seed 000's
 * `hook_state.json` shape plus `schemaVersion`), through `@steadystate/state-file`: each
 * `update()` is lock -> read -> fn -> validate -> atomic write, `global_stats` included.
 */
export class FileStore implements BreakerStore {
  readonly path: string;
  readonly #file: StateFile<BreakerDocument>;
  readonly #label: string;

  constructor(path: string, opts?: FileStoreOptions) {
    const options = resolveOptions(opts);
    this.path = path;
    this.#label = `file ${path}`;
    const { clock } = options;
    const codec = clock === undefined ? breakerCodec : createBreakerCodec(() => clock.now());
    this.#file = openStateFile(path, codec, {
      lock: options.lock,
      syncIo: options.syncIo,
      ...(options.onRecover ? { onRecover: options.onRecover } : {}),
    });
  }

  async update<R>(name: string, fn: UpdateFn<R>): Promise<R> {
    // a JSON object key the document schema cannot keep (it would set the prototype)
    if (name === '__proto__')
      throw new InvalidOptionError('a FileStore breaker name', 'not "__proto__"', name);
    let result: R | undefined;
    try {
      // Fast path without the lock: the file is always one whole document (atomic replace), so
      // a decision that changes nothing (a closed acquire, a rejection) is decided on a plain read.
      const first = apply(await this.#file.read(), name, fn);
      if (first.after === 'unchanged') return first.result;
      await this.#file.update((doc) => {
        const step = apply(doc, name, fn); // again, on the document read under the lock
        result = step.result;
        if (step.after !== 'unchanged') applyChange(doc, name, step.before, step.after);
      });
    } catch (error) {
      if (error instanceof CallerError) throw error.error;
      throw new StoreUnavailableError(this.#label, `update ${JSON.stringify(name)}`, { cause: error });
    }
    return result as R;
  }

  async get(name: string): Promise<BreakerRecord | undefined> {
    const doc = await this.#read(`get ${JSON.stringify(name)}`);
    const hook = ownHook(doc, name);
    return hook === undefined ? undefined : hookToRecord(hook);
  }

  async list(): Promise<Array<[string, BreakerRecord]>> {
    const doc = await this.#read('list');
    return Object.keys(doc.hooks)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((name) => [name, hookToRecord(doc.hooks[name]!)]);
  }

  async totals(): Promise<StoreTotals> {
    const { global_stats: stats } = await this.#read('read totals');
    return {
      totalExecutions: stats.total_executions,
      totalFailures: stats.total_failures,
      lastUpdated: stats.last_updated === null ? null : Date.parse(stats.last_updated),
    };
  }

  /** Nothing to release: every call opens, locks and closes the file itself. */
  async close(): Promise<void> {}

  async #read(operation: string): Promise<BreakerDocument> {
    try {
      return await this.#file.read();
    } catch (error) {
      throw new StoreUnavailableError(this.#label, operation, { cause: error });
    }
  }
}

/** Runs the caller's pure `fn` on the document's entry; says what the entry becomes. */
function apply<R>(
  doc: BreakerDocument,
  name: string,
  fn: UpdateFn<R>,
): { result: R; before: HookEntry | undefined; after: HookEntry | undefined | 'unchanged' } {
  const before = ownHook(doc, name);
  const current = before === undefined ? undefined : hookToRecord(before);
  let out: ReturnType<UpdateFn<R>>;
  try {
    out = fn(current);
  } catch (error) {
    throw new CallerError(error);
  }
  if (out.record === current) return { result: out.result, before, after: 'unchanged' };
  const after = out.record === undefined ? undefined : recordToHook(out.record);
  const same = JSON.stringify(before) === JSON.stringify(after);
  return { result: out.result, before, after: same ? 'unchanged' : after };
}

function ownHook(doc: BreakerDocument, name: string): HookEntry | undefined {
  return Object.hasOwn(doc.hooks, name) ? doc.hooks[name] : undefined;
}

/**
 * Writes the entry and keeps `global_stats` in step, in the same document write:
 * executions and failures grow by what the record's lifetime counters grew (a deleted
 * breaker's history stays in the totals), `hooks_disabled` counts the breakers that stop
 * their calls (see {@link stopsCalls}).
 */
function applyChange(
  doc: BreakerDocument,
  name: string,
  before: HookEntry | undefined,
  after: HookEntry | undefined,
): void {
  if (after === undefined) delete doc.hooks[name];
  else doc.hooks[name] = after;
  const stats = doc.global_stats;
  if (after !== undefined) {
    stats.total_executions = capCount(
      stats.total_executions + growth(before?.lifetime_executions, after.lifetime_executions),
    );
    stats.total_failures = capCount(
      stats.total_failures + growth(before?.lifetime_failures, after.lifetime_failures),
    );
    const last = stats.last_updated === null ? Number.NEGATIVE_INFINITY : Date.parse(stats.last_updated);
    if (after.updated_at !== null && Date.parse(after.updated_at) > last)
      stats.last_updated = after.updated_at;
  }
  stats.hooks_disabled = Object.values(doc.hooks).filter((h) => stopsCalls(h.state)).length;
}

function growth(before: number | undefined, after: number): number {
  return Math.max(0, after - (before ?? 0));
}
