/**
 * `@steadystate/circuit-breaker/redis`: the Redis store, a separate entry so that `ioredis`
 * (an optional peer dependency) is only loaded by those who use it.
 */

export type { RedisStoreOptions } from './redis/connection.js';
export { RedisStore } from './redis-store.js';
