import { Redis } from 'ioredis';

/** Options of `RedisStore`. */
export interface RedisStoreOptions {
  /**
   * An ioredis client to use. The store defines its two Lua commands on it and never closes it.
   * @default a client of `url` created, owned and closed by the store
   */
  client?: Redis;
  /** Server to connect to when no `client` is given. @default 'redis://127.0.0.1:6379' */
  url?: string;
  /** Prefix of every key: `<namespace>:<breaker name>`, totals in `<namespace>`. @default 'steadystate:breaker' */
  namespace?: string;
  /**
   * Bound on every store call (connecting, commands and compare-and-set retries together);
   * past it the call fails with `StoreUnavailableError` so the caller can fail open.
   * @default 3000
   */
  timeoutMs?: number;
  /** Compare-and-set attempts of one `update()` before it gives up (`StoreUnavailableError`). @default 100 */
  maxAttempts?: number;
}

/** The one internal shape of the options. */
export interface ResolvedRedisStoreOptions {
  client: Redis;
  owned: boolean;
  namespace: string;
  timeoutMs: number;
  maxAttempts: number;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_NAMESPACE = 'steadystate:breaker';

/** Normalises options; creates the owned client (lazily connecting: nothing happens until the first call). */
export function resolveRedisStoreOptions(opts: RedisStoreOptions = {}): ResolvedRedisStoreOptions {
  const timeoutMs = opts.timeoutMs ?? 3000;
  const base = {
    namespace: opts.namespace ?? DEFAULT_NAMESPACE,
    timeoutMs,
    maxAttempts: Math.max(1, Math.floor(opts.maxAttempts ?? 100)),
  };
  if (opts.client) return { ...base, client: opts.client, owned: false };
  const client = new Redis(opts.url ?? DEFAULT_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    // a command while disconnected fails at once instead of waiting in a queue
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // errors reach the caller through the store calls (StoreUnavailableError); no unhandled 'error'
  client.on('error', () => {});
  return { ...base, client, owned: true };
}

/**
 * Resolves when `client` is ready; rejects at the first connection error (so a server that is
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
      return Promise.reject(new Error('the ioredis client given to the store was closed'));
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
