import { type FSWatcher, statSync, utimesSync, watch } from 'node:fs';
import { quietly } from './layout.js';

/**
 * Wakes ONE waiting process: its turn-queue entry file is watched (inotify /
 * FSEvents / ReadDirectoryChangesW through fs.watch), and the releaser that hands
 * it the turn touches that file after the lock left the path. Other waiters are
 * not woken at all, so a release costs one wake-up instead of one per waiter.
 * Best effort: where fs.watch is missing or fails (network file systems,
 * exhausted watches) nothing rings and the waiter's polling does the work.
 */
export class Doorbell {
  #watcher: FSWatcher | undefined;
  #ino: number | undefined;
  #failed = false;

  constructor(private readonly onRing: () => void) {}

  get active(): boolean {
    return this.#watcher !== undefined;
  }

  /** Listens on `file`; again when the file there is a different one than before. */
  listen(file: string): void {
    if (this.#failed) return;
    let ino: number;
    try {
      ino = statSync(file).ino;
    } catch {
      return;
    }
    if (this.#watcher && ino === this.#ino) return;
    this.close();
    try {
      const w = watch(file, { persistent: false }, () => this.onRing());
      w.on('error', () => this.close());
      this.#watcher = w;
      this.#ino = ino;
    } catch {
      this.#failed = true;
    }
  }

  close(): void {
    this.#watcher?.close();
    this.#watcher = undefined;
    this.#ino = undefined;
  }
}

/** Rings the doorbell of the waiter whose entry file this is. */
export function ring(file: string): void {
  const now = new Date();
  quietly(() => utimesSync(file, now, now));
}
