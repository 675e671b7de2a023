/** Opens the state manager of a {@link Target}, loading the optional backend packages with a clear message. */
import { existsSync, mkdirSync } from 'node:fs';
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

/** How to open a target. */
export interface OpenOptions {
  /**
   * The command only reads, or fails when what it needs is not there: a json folder or
   * SQLite file that does not exist is opened as an empty store in memory, so nothing
   * is created on disk. @default false
   */
  missingIsEmpty?: boolean;
}

/** Whether the json folder or SQLite file of `target` is missing (Redis is never missing). */
function storeMissing(target: Target, cwd: string): boolean {
  if (target.backend === 'json') return !existsSync(resolve(cwd, target.dir));
  if (target.backend === 'sqlite') return !existsSync(resolve(cwd, target.file));
  return false;
}

/** Opens `target`; relative paths are taken from `cwd`. */
export async function openManager(target: Target, cwd: string, opts: OpenOptions = {}): Promise<OpenManager> {
  const namespace = target.namespace;
  if (opts.missingIsEmpty === true && storeMissing(target, cwd)) {
    // an empty store, created nowhere: the same answers as an empty folder or file (a
    // missing driver is still reported: the next write would need it)
    if (target.backend === 'sqlite')
      await loadPeer('sqlite', 'better-sqlite3', () => import('better-sqlite3'));
    const manager = await StateManager.open({ backend: 'memory', namespace });
    return { manager, target, close: () => manager.close() };
  }
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
  opts: OpenOptions = {},
): Promise<T> {
  const open = await openManager(target, cwd, opts);
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
