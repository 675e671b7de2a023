import { tryAcquire } from './attempt.js';
import { backoffDelay } from './backoff.js';
import { Doorbell } from './doorbell.js';
import { LockAbortedError, LockFailedError, LockTimeoutError } from './errors.js';
import { FileLockHandle, type LockHandle } from './handle.js';
import { checkHolder } from './holder-check.js';
import { selfIdentity } from './identity.js';
import { type Layout, newNonce } from './layout.js';
import type { ResolvedOptions } from './options.js';
import {
  type LockOwner,
  type OwnerRecord,
  type OwnerState,
  readOwnerStateSync,
  toLockOwner,
} from './owner.js';
import { joinQueue, leaveQueue, type TurnEntry } from './turn-queue.js';
import { hookExitCleanup, Workspace } from './workspace.js';

/** How long the other waiting processes hold back for the one whose turn it is. */
export const HANDOFF_GRACE_MS = 30;

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
  readonly #ws: Workspace;
  readonly #waiters: Waiter[] = [];
  readonly #doorbell: Doorbell;
  readonly #onIdle: () => void;
  #holder: LockHandle | undefined;
  #pollers = 0;
  #attempts = 0;
  #wake: (() => void) | undefined;
  #lastOwner: LockOwner | undefined;
  /** The hand-off this process wrote at its last release. */
  #handoff: { next: string; until: number } | undefined;

  constructor(layout: Layout, onIdle: () => void) {
    this.#layout = layout;
    this.#ws = new Workspace(layout, this.#poller, selfIdentity());
    hookExitCleanup();
    this.#onIdle = onIdle;
    this.#doorbell = new Doorbell(() => this.#wake?.());
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
    this.#doorbell.close();
    this.#ws.dispose();
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
        timer = setTimeout(() => this.#drop(waiter, this.#timeout(waiter, false)), opts.timeoutMs);
      }
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#pump();
    });
  }

  /** The timeout error for `waiter`, naming the holder as it is now (not as last polled). */
  #timeout(waiter: Waiter, deferred: boolean): LockTimeoutError {
    // the timer counts from the event loop's cached time, so Date.now() may show 1 ms less
    const waitedMs = Math.max(Date.now() - waiter.since, waiter.opts.timeoutMs);
    let state: OwnerState | undefined;
    try {
      state = readOwnerStateSync(this.#layout);
    } catch {
      // unreadable: report the holder last seen
    }
    if (!state) return new LockTimeoutError(this.#layout.path, waitedMs, this.#lastOwner);
    const owner = state.kind === 'owned' ? toLockOwner(state.record, state.mtimeMs, this.#ws.me) : undefined;
    const seen = deferred ? 'turn' : state.kind === 'free' ? 'free' : 'no-owner';
    return new LockTimeoutError(this.#layout.path, waitedMs, owner, { seen });
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
      this.#onIdle();
      return;
    }
    this.#pollers++;
    void this.#poll().finally(() => {
      this.#pollers--;
      this.#pump();
    });
  }

  /** Sleeps until `ms` passed ('timer'), the watched folder changed or the head of the queue changed ('event'). */
  #sleep(ms: number): Promise<'timer' | 'event'> {
    return new Promise((resolve) => {
      const finish = (how: 'timer' | 'event') => {
        clearTimeout(timer);
        if (this.#wake === wake) this.#wake = undefined;
        resolve(how);
      };
      const timer = setTimeout(() => finish('timer'), Math.max(0, ms));
      const wake = () => finish('event');
      this.#wake = wake;
    });
  }

  /** Did this process's own last release hand the next turn to another process (still pending)? */
  #turnPendingElsewhere(): boolean {
    const turn = this.#handoff;
    return turn !== undefined && turn.next !== this.#poller && turn.until > Date.now();
  }

  async #poll(): Promise<void> {
    const ws = this.#ws;
    const { layout, me } = ws;
    let entry: TurnEntry | undefined;
    let polls = 0;
    let first = true;
    let woken: 'timer' | 'event' = 'timer';
    let seen: string | undefined;
    /** The waiter with timeoutMs 0 whose holder was checked already. */
    let checked: Waiter | undefined;
    try {
      for (;;) {
        const head = this.#waiters[0];
        if (!head) return;
        const { staleMs, timeoutMs } = head.opts;
        try {
          this.#attempts++;
          const attempt = await tryAcquire(ws, {
            staleMs,
            graceMs: HANDOFF_GRACE_MS,
            ignoreTurn: first && !this.#turnPendingElsewhere(),
          });
          first = false;
          if (attempt.kind === 'acquired') {
            this.#grant(attempt.record);
            return;
          }
          if (attempt.kind === 'retry') continue;
          if (timeoutMs === 0) {
            // Tries once, but like every attempt it takes over a dead or stale holder first.
            if (attempt.kind === 'held' && checked !== head) {
              checked = head;
              const check = await checkHolder(ws, staleMs, undefined, HANDOFF_GRACE_MS);
              if (check.action === 'retry') continue; // removed (or gone): the one more try
            }
            this.#drop(head, this.#timeout(head, attempt.kind === 'deferred'));
            continue;
          }
          if (!entry) {
            entry = { since: head.since, poller: this.#poller };
            this.#doorbell.listen(await joinQueue(layout, entry, me));
            ws.joinedQueue();
          }
          if (attempt.kind === 'deferred') {
            woken = await this.#sleep(Math.min(attempt.until - Date.now() + 1, backoffDelay(polls++)));
            continue;
          }
          // A wake-up by a folder event only says the lock is moving: try again, no need
          // to inspect the holder. Timer polls look at it (a dead holder makes no event).
          if (woken === 'timer') {
            const check = await checkHolder(ws, staleMs, entry, HANDOFF_GRACE_MS);
            this.#lastOwner = check.owner;
            if (check.action === 'retry') continue;
            if (check.action === 'busy') {
              woken = await this.#sleep(1 + Math.random() * 4);
              continue;
            }
            if (check.instance !== seen) {
              seen = check.instance;
              polls = 0; // a new holder: the lock is moving, look often
            }
          }
          woken = await this.#sleep(backoffDelay(polls++));
        } catch (err) {
          this.#drop(head, new LockFailedError(layout.path, 'acquire the lock', { cause: err }));
        }
      }
    } finally {
      if (entry) await leaveQueue(layout, entry);
    }
  }

  #grant(record: OwnerRecord): void {
    const waiter = this.#waiters.shift();
    const handle = new FileLockHandle({
      ws: this.#ws,
      record,
      // what owner.json says, which contenders go by (the waiter it was made for may have gone)
      staleMs: record.staleMs ?? waiter?.opts.staleMs ?? 10_000,
      graceMs: HANDOFF_GRACE_MS,
      onTurn: (next, until) => {
        this.#handoff = next === undefined ? undefined : { next, until };
      },
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
