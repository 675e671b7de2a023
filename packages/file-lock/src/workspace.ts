import { existsSync, mkdirSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Identity } from './identity.js';
import { claimHome, claimName, type Layout, preparedDir, quietly } from './layout.js';

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

  /** The prepared folder exists (it is gone after a reaper deleted it as part of a lost instance). */
  ensurePrepared(): void {
    if (existsSync(this.prepared)) return;
    mkdirSync(this.layout.dir, { recursive: true });
    mkdirSync(this.prepared, { recursive: true });
  }

  /** The claim file is at home (it is gone when it was deleted or recycled with another instance). */
  ensureClaim(): void {
    if (!existsSync(this.claimHome)) writeFileSync(this.claimHome, JSON.stringify(this.me));
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
    quietly(() => unlinkSync(this.claimHome));
    quietly(() => unlinkSync(join(this.layout.queueDir, `idle.${this.poller}`)));
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
