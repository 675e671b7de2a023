import type { LockHandle } from './handle.js';
import { layoutFor } from './layout.js';
import { type LockOptions, resolveOptions } from './options.js';
import { PathQueue, type QueueStats } from './path-queue.js';

const queues = new Map<string, PathQueue>();
const IDLE_KEEP_MS = 2000;

function queueFor(lockPath: string, create: (onIdle: () => void) => PathQueue): PathQueue {
  let queue = queues.get(lockPath);
  if (!queue) {
    const made = create(() => {
      // Kept a moment: back-to-back lock() calls reuse the queue and its folder watcher.
      setTimeout(() => {
        if (queues.get(lockPath) === made && made.idle) {
          queues.delete(lockPath);
          made.close();
        }
      }, IDLE_KEEP_MS).unref();
    });
    queue = made;
    queues.set(lockPath, queue);
  }
  return queue;
}

/**
 * Takes the exclusive lock on `path` (which need not exist), waiting up to
 * `timeoutMs`. Callers in the same process wait in memory, first come first served.
 */
export function lock(path: string, opts?: LockOptions): Promise<LockHandle> {
  let resolved: ReturnType<typeof resolveOptions>;
  try {
    resolved = resolveOptions(opts);
  } catch (err) {
    return Promise.reject(err);
  }
  const layout = layoutFor(path, resolved.lockPath);
  return queueFor(layout.lockPath, (onIdle) => new PathQueue(layout, onIdle)).enqueue(resolved);
}

/** Runs `fn` under the lock and releases it afterwards, also when `fn` throws. */
export async function withLock<T>(
  path: string,
  fn: (handle: LockHandle) => T | Promise<T>,
  opts?: LockOptions,
): Promise<T> {
  const handle = await lock(path, opts);
  try {
    return await fn(handle);
  } finally {
    await handle.release();
  }
}

/** This process's queue for `path`: how many callers wait, whether it polls, holds, and how often it tried. */
export function inspectQueue(path: string, opts?: { lockPath?: string }): QueueStats {
  const layout = layoutFor(path, opts?.lockPath);
  return queues.get(layout.lockPath)?.stats() ?? { waiting: 0, pollers: 0, held: false, attempts: 0 };
}
