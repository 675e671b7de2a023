import { existsSync, mkdirSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Identity } from './identity.js';
import { claimHome, claimName, errno, type Layout, preparedDir, quietly } from './layout.js';

/**
 * The files one process keeps beside a lock path it uses: its prepared instance
 * folder and its claim file (layout.ts). Made once, then only renamed in and out
 * of the lock path. Removed when the process exits normally; those of a
 * crashed process are harmless leftovers named after it.
 */
export class Workspace {
  readonly prepared: string;
  readonly preparedOwner: string;
  readonly claimHome: string;
  readonly claimName: string;
  /** Files this process made that its exit removes: no failing unlink for those it never made. */
  #claimMade = false;
  /** The staleMs the claim file names (written again when a removal uses another one). */
  #claimStaleMs: number | undefined;
  #queued = false;

  constructor(
    readonly layout: Layout,
    readonly poller: string,
    readonly me: Identity,
  ) {
    this.prepared = preparedDir(layout, poller);
    this.preparedOwner = join(this.prepared, 'owner.json');
    this.claimHome = claimHome(layout, poller);
    this.claimName = claimName(poller);
    live.add(this);
  }

  /**
   * The prepared folder exists (it is gone after a reaper deleted it as part of a lost
   * instance, and before the first lock). Made with one mkdir; the parent folder only when
   * that is missing too.
   */
  ensurePrepared(): void {
    if (existsSync(this.prepared)) return;
    try {
      mkdirSync(this.prepared);
    } catch (err) {
      if (errno(err) !== 'ENOENT') throw err;
      mkdirSync(this.prepared, { recursive: true });
    }
  }

  /**
   * The claim file is at home (it is gone when it was deleted or recycled with another
   * instance) and names the remover's `staleMs` (other removers must not ignore it any
   * sooner). Returns true when it was written just now (its mtime is then fresh already).
   */
  ensureClaim(staleMs: number): boolean {
    if (this.#claimStaleMs === staleMs && existsSync(this.claimHome)) return false;
    writeFileSync(this.claimHome, JSON.stringify({ ...this.me, staleMs }));
    this.#claimMade = true;
    this.#claimStaleMs = staleMs;
    return true;
  }

  /** The turn-queue entry of this process was made (it is left as `idle.<poller>` between turns). */
  joinedQueue(): void {
    this.#queued = true;
  }

  dispose(): void {
    live.delete(this);
    // The prepared folder normally holds only owner.json: two syscalls, not rmSync's walk of it
    // (this runs at the exit of every short-lived process that took a lock).
    quietly(() => {
      try {
        unlinkSync(this.preparedOwner);
        rmdirSync(this.prepared);
      } catch {
        rmSync(this.prepared, { recursive: true, force: true });
      }
    });
    if (this.#claimMade) quietly(() => unlinkSync(this.claimHome));
    if (this.#queued) quietly(() => unlinkSync(join(this.layout.queueDir, `idle.${this.poller}`)));
  }
}

const live = new Set<Workspace>();
let hooked = false;

/** Clean up on a normal exit (a crash leaves them; they are named after the process and tiny). */
export function hookExitCleanup(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const ws of live) ws.dispose();
  });
}
