import { Redis } from 'ioredis';
import { BackendError, ConflictError, NotFoundError, shown } from '../errors.js';

/** Options of `RedisBackend`. */
export interface RedisBackendOptions {
  /** Server to connect to when no `client` is given. @default 'redis://127.0.0.1:6379' */
  url?: string;
  /**
   * An ioredis client to use instead of `url`. The backend defines its Lua commands on it and
   * never closes it.
   * @default a client of `url`, created, owned and closed by the backend
   */
  client?: Redis;
  /** First part of every key: `<prefix>:<namespace>:entry:<key>`, ... @default 'steadystate' */
  prefix?: string;
  /**
   * Bound on each exchange with Redis (connecting included); past it the call fails with
   * `BackendError`, so a server that is down or silent never hangs the caller.
   * @default 5000
   */
  timeoutMs?: number;
}

/** The one internal shape of the options. */
export interface ResolvedRedisOptions {
  client: Redis;
  owned: boolean;
  prefix: string;
  timeoutMs: number;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** Normalises options; creates the owned client (lazily connecting: nothing happens until the first call). */
export function resolveRedisOptions(opts: RedisBackendOptions = {}): ResolvedRedisOptions {
  const timeoutMs = opts.timeoutMs ?? 5000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(
      `checkpoint: expected options.timeoutMs to be a number > 0, found ${shown(timeoutMs)}`,
    );
  }
  const prefix = opts.prefix ?? 'steadystate';
  if (typeof prefix !== 'string' || prefix === '') {
    throw new TypeError(
      `checkpoint: expected options.prefix to be a non-empty string, found ${shown(prefix)}`,
    );
  }
  if (opts.client) {
    // ioredis adds keyPrefix to KEYS but not to the key names the Lua scripts build from ARGV
    const keyPrefix = (opts.client as { options?: { keyPrefix?: unknown } }).options?.keyPrefix;
    if (typeof keyPrefix === 'string' && keyPrefix !== '') {
      throw new TypeError(
        `checkpoint: expected options.client without a keyPrefix (use options.prefix), found keyPrefix ${shown(keyPrefix)}`,
      );
    }
    return { client: opts.client, owned: false, prefix, timeoutMs };
  }
  const client = new Redis(opts.url ?? DEFAULT_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    // a command while disconnected fails at once instead of waiting in a queue
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // errors reach the caller through the backend calls (BackendError); no unhandled 'error' event
  client.on('error', () => {});
  return { client, owned: true, prefix, timeoutMs };
}

/**
 * Resolves when `client` is ready; rejects at the first connection error (a server that is
 * down fails the call at once, not at the deadline). Concurrent callers share one wait.
 */
export class ReadyGate {
  #pending: Promise<void> | undefined;

  constructor(
    private readonly client: Redis,
    private readonly owned: boolean,
  ) {}

  wait(): Promise<void> {
    const { client } = this;
    if (client.status === 'ready') return Promise.resolve();
    if (client.status === 'end' && !this.owned) {
      return Promise.reject(new Error('the ioredis client given to the backend was closed'));
    }
    this.#pending ??= new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        client.off('ready', onReady);
        client.off('error', onError);
        client.off('end', onEnd);
        this.#pending = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => settle();
      const onError = (error: Error) => settle(error);
      const onEnd = () => settle(new Error('the connection to Redis ended'));
      client.on('ready', onReady);
      client.on('error', onError);
      client.on('end', onEnd);
      if (client.status === 'wait' || client.status === 'end') {
        client.connect().catch(() => {}); // the outcome arrives as 'ready' or 'error'
      }
    });
    return this.#pending;
  }
}

/**
 * One exchange with Redis: `work`, bounded by `timeoutMs`. ConflictError and NotFoundError
 * pass through; any other failure (the timeout included) becomes BackendError of `operation`.
 */
export async function exchange<T>(operation: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work(), expired]);
  } catch (error) {
    if (error instanceof ConflictError || error instanceof NotFoundError) throw error;
    throw new BackendError('redis', operation, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
