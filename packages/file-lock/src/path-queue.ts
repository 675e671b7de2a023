import { type Attempt, tryAcquire } from './attempt.js';
import { backoffDelay } from './backoff.js';
import { DirWatcher } from './dir-watcher.js';
import { LockAbortedError, LockFailedError, LockTimeoutError } from './errors.js';
import { FileLockHandle, type LockHandle } from './handle.js';
import { isAlive, selfIdentity } from './identity.js';
import { type Layout, newNonce } from './layout.js';
import type { ResolvedOptions } from './options.js';
import { judge, type LockOwner, type OwnerRecord, readOwnerState, toLockOwner } from './owner.js';
import { removeInstance } from './remove-instance.js';
import { joinQueue, leaveQueue, type TurnEntry } from './turn-queue.js';

/** How long the other waiting processes hold back for the one whose turn it is. */
export const HANDOFF_GRACE_MS = 100;

interface Waiter {
  opts: ResolvedOptions;
  since: number;
  resolve: (handle: LockHandle) => void;
  reject: (err: Error) => void;
  dispose: () => void;
}

/** What `inspectQueue` reports about this process's side of one lock path. */
export interface QueueStats {
  /** Callers of this process waiting for the lock. */
  waiting: number;
  /** Disk polling loops running for the path in this process (0 or 1 by design). */
  pollers: number;
  /** This process holds the lock through a handle not yet released. */
  held: boolean;
  /** Acquisition attempts (mkdir calls) this process made on the path so far. */
  attempts: number;
}

/**
 * All callers of ONE process for ONE lock path. They wait in memory, first come
 * first served; only the caller at the head is represented on disk, by a single
 * polling loop, so a process never has more than one poller per path.
 */
export class PathQueue {
  readonly #layout: Layout;
  readonly #poller = newNonce();
  readonly #waiters: Waiter[] = [];
  readonly #watcher: DirWatcher;
  readonly #onIdle: () => void;
  #holder: LockHandle | undefined;
  #pollers = 0;
  #attempts = 0;
  #wake: (() => void) | undefined;
  #lastOwner: LockOwner | undefined;

  constructor(layout: Layout, onIdle: () => void) {
    this.#layout = layout;
    this.#onIdle = onIdle;
    this.#watcher = new DirWatcher(layout.dir, new Set([layout.base, `${layout.base}.token`]), () =>
      this.#wake?.(),
    );
  }

  stats(): QueueStats {
    return {
      waiting: this.#waiters.length,
      pollers: this.#pollers,
      held: this.#holder !== undefined,
      attempts: this.#attempts,
    };
  }

  /** Stops watching the folder (the queue is idle and being forgotten). */
  close(): void {
    this.#watcher.close();
  }

  get idle(): boolean {
    return !this.#holder && this.#pollers === 0 && this.#waiters.length === 0;
  }

  enqueue(opts: ResolvedOptions): Promise<LockHandle> {
    const path = this.#layout.path;
    if (opts.signal?.aborted)
      return Promise.reject(new LockAbortedError(path, { cause: opts.signal.reason }));
    return new Promise<LockHandle>((resolve, reject) => {
      const since = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => this.#drop(waiter, new LockAbortedError(path, { cause: opts.signal?.reason }));
      const waiter: Waiter = {
        opts,
        since,
        resolve,
        reject,
        dispose: () => {
          if (timer) clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
        },
      };
      if (opts.timeoutMs !== Number.POSITIVE_INFINITY) {
        timer = setTimeout(
          () => this.#drop(waiter, new LockTimeoutError(path, Date.now() - since, this.#lastOwner)),
          opts.timeoutMs,
        );
      }
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  #drop(waiter: Waiter, err: Error): void {
    const i = this.#waiters.indexOf(waiter);
    if (i < 0) return;
    this.#waiters.splice(i, 1);
    waiter.dispose();
    waiter.reject(err);
    this.#wake?.();
    if (this.idle) this.#onIdle();
  }

  #pump(): void {
    if (this.#holder || this.#pollers > 0) return;
    if (this.#waiters.length === 0) {
      this.#watcher.stop();
      this.#onIdle();
      return;
    }
    this.#pollers++;
    void this.#poll().finally(() => {
      this.#pollers--;
      this.#pump();
    });
  }

  /** Sleeps until `ms` passed, the watched folder changed, or the head of the queue changed. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const me = this;
      function done() {
        clearTimeout(timer);
        if (me.#wake === done) me.#wake = undefined;
        resolve();
      }
      this.#wake = done;
    });
  }

  async #poll(): Promise<void> {
    const me = selfIdentity();
    let entry: TurnEntry | undefined;
    let polls = 0;
    let seen: string | undefined;
    try {
      for (;;) {
        const head = this.#waiters[0];
        if (!head) return;
        let attempt: Attempt;
        try {
          this.#attempts++;
          attempt = await tryAcquire(this.#layout, {
            me,
            poller: this.#poller,
            staleMs: head.opts.staleMs,
            graceMs: HANDOFF_GRACE_MS,
          });
          if (attempt.kind === 'acquired') {
            this.#grant(attempt.record);
            return;
          }
          if (attempt.kind === 'retry') continue;
          if (head.opts.timeoutMs === 0) {
            // timeoutMs 0: one try only
            this.#drop(
              head,
              new LockTimeoutError(this.#layout.path, Date.now() - head.since, this.#lastOwner),
            );
            continue;
          }
          if (!entry) {
            entry = { since: head.since, poller: this.#poller };
            await joinQueue(this.#layout, entry, me);
            this.#watcher.start();
          }
          if (attempt.kind === 'deferred') {
            await this.#sleep(Math.min(attempt.until - Date.now() + 1, backoffDelay(polls++)));
            continue;
          }
          const state = await readOwnerState(this.#layout);
          if (state.kind === 'free') continue;
          const alive = state.kind === 'owned' ? isAlive(state.record, me) : null;
          this.#lastOwner = state.kind === 'owned' ? toLockOwner(state.record, state.mtimeMs, me) : undefined;
          const verdict = judge(state, alive, Date.now(), head.opts.staleMs);
          if (verdict === 'dead' || verdict === 'stale') {
            const result = await removeInstance(this.#layout, {
              expect: state.kind === 'owned' ? state.record.nonce : null,
              staleMs: head.opts.staleMs,
              me,
              exclude: '',
              candidate: entry,
              graceMs: HANDOFF_GRACE_MS,
            });
            if (result !== 'busy') continue;
            await this.#sleep(1 + Math.random() * 4);
            continue;
          }
          const nonce = state.kind === 'owned' ? state.record.nonce : undefined;
          if (nonce !== seen) {
            seen = nonce;
            polls = 0; // a new holder: the lock is moving, look often
          }
          await this.#sleep(backoffDelay(polls++));
        } catch (err) {
          this.#drop(head, new LockFailedError(this.#layout.path, 'acquire the lock', { cause: err }));
        }
      }
    } finally {
      if (entry) await leaveQueue(this.#layout, entry);
    }
  }

  #grant(record: OwnerRecord): void {
    const waiter = this.#waiters.shift();
    const me = selfIdentity();
    const handle = new FileLockHandle({
      layout: this.#layout,
      record,
      staleMs: waiter?.opts.staleMs ?? 10_000,
      me,
      poller: this.#poller,
      graceMs: HANDOFF_GRACE_MS,
      nextLocal: () => {
        const next = this.#waiters[0];
        return next ? { since: next.since, poller: this.#poller } : undefined;
      },
      onReleased: () => {
        if (this.#holder === handle) this.#holder = undefined;
        this.#pump();
      },
    });
    this.#holder = handle;
    if (!waiter) {
      void handle.release(); // everybody gave up while the last attempt was in flight
      return;
    }
    waiter.dispose();
    waiter.resolve(handle);
  }
}
