/** Opens the state manager of a {@link Target}, loading the optional backend packages with a clear message. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StateManager } from '@steadystate/checkpoint';
import { MissingPeerError } from './cli-errors.js';
import type { Target } from './target.js';

/** An open manager and how to let go of it (closes the Redis connection too). */
export interface OpenManager {
  manager: StateManager;
  target: Target;
  close(): Promise<void>;
}

/** Whether `error` says that `name` itself (not one of its files) cannot be found. */
function isMissing(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown })?.code;
  const message = String((error as Error)?.message ?? '');
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    (message.includes(`'${name}'`) || message.includes(`"${name}"`))
  );
}

/** Imports an optional peer package, or throws {@link MissingPeerError} naming it. */
async function loadPeer<T>(backend: string, name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissing(error, name)) throw new MissingPeerError(backend, name, { cause: error });
    throw new Error(`steadystate: the ${backend} backend could not load "${name}": ${oneLine(error)}`, {
      cause: error,
    });
  }
}

/** Opens `target`; relative paths are taken from `cwd`. */
export async function openManager(target: Target, cwd: string): Promise<OpenManager> {
  const namespace = target.namespace;
  switch (target.backend) {
    case 'json': {
      const manager = await StateManager.open({ backend: 'json', namespace, dir: resolve(cwd, target.dir) });
      return { manager, target, close: () => manager.close() };
    }
    case 'sqlite': {
      await loadPeer('sqlite', 'better-sqlite3', () => import('better-sqlite3'));
      const file = resolve(cwd, target.file);
      mkdirSync(dirname(file), { recursive: true });
      const manager = await StateManager.open({ backend: 'sqlite', namespace, file });
      return { manager, target, close: () => manager.close() };
    }
    case 'redis': {
      await loadPeer('redis', 'ioredis', () => import('ioredis'));
      // the backend bounds every exchange (connecting included): a server that is down fails, never hangs
      const manager = await StateManager.open({ backend: 'redis', namespace, url: target.url });
      return { manager, target, close: () => manager.close() };
    }
  }
}

/** Runs `fn` with the manager of `target` open, closing it afterwards. */
export async function withManager<T>(
  target: Target,
  cwd: string,
  fn: (manager: StateManager) => Promise<T>,
): Promise<T> {
  const open = await openManager(target, cwd);
  try {
    return await fn(open.manager);
  } finally {
    await open.close();
  }
}

/** An error's message on one line. */
export function oneLine(error: unknown): string {
  return String((error as Error)?.message ?? error)
    .replace(/\s+/g, ' ')
    .trim();
}
