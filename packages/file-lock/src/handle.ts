import { utimes as utimesCallback } from 'node:fs';
import { promisify } from 'node:util';
import { LockCompromisedError, LockFailedError } from './errors.js';
import { type OwnerRecord, readOwnerState } from './owner.js';
import { removeInstance } from './remove-instance.js';
import type { TurnEntry } from './turn-queue.js';
import type { Workspace } from './workspace.js';

// promisified callbacks, not node:fs/promises: loading that costs a short-lived CLI about 1.5 ms
const utimes = promisify(utimesCallback);

/** A held lock. */
export interface LockHandle {
  /** The locked path, absolute (need not exist). */
  readonly path: string;
  /** Fencing token: strictly grows with every acquisition of this path, across processes. */
  readonly token: number;
  /** Aborted (reason: `LockCompromisedError`) if the lock is lost or taken over while held. */
  readonly signal: AbortSignal;
  /** Idempotent; never removes somebody else's lock. */
  release(): Promise<void>;
  /** Re-checks on disk that this handle still owns the lock (its instance and token are current). */
  isHeld(): Promise<boolean>;
}

export interface HandleContext {
  ws: Workspace;
  record: OwnerRecord;
  staleMs: number;
  graceMs: number;
  /** Told whose turn the release handed on (undefined: nobody's in particular). */
  onTurn: (next: string | undefined, until: number) => void;
  /** The waiter of this process that would be next, for the cross-process hand-off. */
  nextLocal: () => TurnEntry | undefined;
  /** Called once the instance is gone from disk (or found lost). */
  onReleased: () => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FileLockHandle implements LockHandle {
  readonly path: string;
  readonly token: number;
  readonly #ctx: HandleContext;
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #lastRefresh = Date.now();
  #released: Promise<void> | undefined;

  constructor(ctx: HandleContext) {
    this.#ctx = ctx;
    this.path = ctx.ws.layout.path;
    this.token = ctx.record.token;
    this.#schedule();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  release(): Promise<void> {
    this.#released ??= this.#release();
    return this.#released;
  }

  async isHeld(): Promise<boolean> {
    if (this.#released || this.signal.aborted) return false;
    const held = await this.#check();
    return held && !this.#released;
  }

  /** Reads owner.json; aborts the signal when the instance there is not this one. */
  async #check(): Promise<boolean> {
    const state = await readOwnerState(this.#ctx.ws.layout);
    if (state.kind === 'owned' && state.record.nonce === this.#ctx.record.nonce) return true;
    const found =
      state.kind === 'owned'
        ? `it held by pid ${state.record.pid} on ${state.record.hostname} with token ${state.record.token} (ours: ${this.token})`
        : state.kind === 'free'
          ? 'the lock folder removed'
          : 'the lock folder without our owner file';
    this.#compromise(found);
    return false;
  }

  #schedule(): void {
    this.#timer = setTimeout(() => void this.#refresh(), this.#ctx.staleMs / 2);
    this.#timer.unref();
  }

  async #refresh(): Promise<void> {
    this.#timer = undefined;
    if (this.#released || this.signal.aborted) return;
    try {
      if (!(await this.#check())) return;
      const now = new Date();
      await utimes(this.#ctx.ws.layout.ownerFile, now, now);
      this.#lastRefresh = now.getTime();
    } catch (err) {
      if (Date.now() - this.#lastRefresh > this.#ctx.staleMs) {
        this.#compromise(`no refresh possible for ${this.#ctx.staleMs} ms`, err);
        return;
      }
    }
    if (!this.#released) this.#schedule();
  }

  #compromise(found: string, cause?: unknown): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.signal.aborted) {
      this.#controller.abort(new LockCompromisedError(this.path, found, { cause }));
    }
  }

  async #release(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    const { ws, record, staleMs, graceMs } = this.#ctx;
    try {
      for (;;) {
        const result = await removeInstance(ws, {
          expect: record.nonce,
          own: true,
          staleMs,
          exclude: ws.poller,
          candidate: this.#ctx.nextLocal(),
          graceMs,
          ownToken: record.token,
          onTurn: this.#ctx.onTurn,
        });
        if (result === 'removed') return;
        if (result !== 'busy') {
          this.#compromise('it no longer ours when releasing it');
          return;
        }
        await sleep(1 + Math.random() * 4); // a reaper's claim is in the way for a moment
      }
    } catch (err) {
      throw new LockFailedError(this.path, 'release the lock', { cause: err });
    } finally {
      this.#ctx.onReleased();
    }
  }
}
