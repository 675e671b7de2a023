import { withLock } from '@steadystate/file-lock';
import { BackendError } from './errors.js';
import { mapLimit } from './json-files.js';

type Op = { key: string | undefined; run: () => Promise<void>; fail: (err: unknown) => void };

/**
 * Runs operations under one cross-process lock (`@steadystate/file-lock`).
 * Operations queued while the lock is held or being acquired share the next
 * acquisition (group commit): those on single keys run in parallel (in order per
 * key, at most 32 at a time); any other operation runs alone, in queue order.
 * `beforeEach` runs first under every acquisition (the JSON backend finishes an
 * interrupted restore there). A lock failure fails the operations not yet run.
 */
export class LockedQueue {
  readonly #ops: Op[] = [];
  #draining = false;

  constructor(
    private readonly path: string,
    private readonly timeoutMs: number,
    private readonly beforeEach: () => Promise<void>,
    private readonly what: string,
  ) {}

  run<T>(op: () => Promise<T>, key?: string): Promise<T> {
    return new Promise<T>((res, rej) => {
      this.#ops.push({ key, run: () => op().then(res, rej), fail: rej });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain() {
    this.#draining = true;
    while (this.#ops.length > 0) {
      const ops = this.#ops.splice(0, this.#ops.length);
      let ran = 0;
      try {
        await withLock(
          this.path,
          async () => {
            await this.beforeEach();
            for (let i = 0; i < ops.length; ) {
              let j = i;
              while (j < ops.length && (ops[j] as Op).key !== undefined) j++;
              if (j === i) j = i + 1;
              const chains = new Map<string | undefined, Op[]>();
              for (const op of ops.slice(i, j)) chains.set(op.key, [...(chains.get(op.key) ?? []), op]);
              ran = j;
              await mapLimit([...chains.values()], 32, async (chain) => {
                for (const op of chain) await op.run();
              });
              i = j;
            }
          },
          { timeoutMs: this.timeoutMs },
        );
      } catch (cause) {
        const err = new BackendError('json', `lock ${this.what} for a write`, { cause });
        for (const op of ops.slice(ran)) op.fail(err);
      }
    }
    this.#draining = false;
  }
}
