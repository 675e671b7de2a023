import { type FSWatcher, watch } from 'node:fs';

/**
 * Wakes waiters when a named entry of a folder changes (the lock folder appears
 * or leaves, the token file is replaced). Best effort: where fs.watch is missing
 * or fails (some network file systems, exhausted inotify watches) it reports
 * nothing and the caller's polling does the work.
 */
export class DirWatcher {
  #watcher: FSWatcher | undefined;
  #failed = false;
  #linger: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly names: ReadonlySet<string>,
    private readonly onChange: () => void,
  ) {}

  get active(): boolean {
    return this.#watcher !== undefined;
  }

  start(): void {
    if (this.#linger) {
      clearTimeout(this.#linger);
      this.#linger = undefined;
    }
    if (this.#watcher || this.#failed) return;
    try {
      const w = watch(this.dir, { persistent: false }, (_event, filename) => {
        if (filename === null || this.names.has(filename.toString())) this.onChange();
      });
      w.on('error', () => this.#fail());
      this.#watcher = w;
    } catch {
      this.#fail();
    }
  }

  /** Closes after `lingerMs` unless started again (saves re-arming between back-to-back waits). */
  stop(lingerMs = 1000): void {
    if (!this.#watcher || this.#linger) return;
    this.#linger = setTimeout(() => this.close(), lingerMs);
    this.#linger.unref();
  }

  close(): void {
    if (this.#linger) clearTimeout(this.#linger);
    this.#linger = undefined;
    this.#watcher?.close();
    this.#watcher = undefined;
  }

  #fail(): void {
    this.close();
    this.#failed = true;
  }
}
