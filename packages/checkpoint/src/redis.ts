/**
 * `@steadystate/checkpoint/redis`: the Redis backend, a separate entry so that `ioredis` (an
 * optional peer dependency) is only loaded by those who use it.
 * `StateManager.open({ backend: 'redis', url })` imports this entry lazily.
 */

export type { RedisBackendOptions } from './redis/connection.js';
export { RedisBackend } from './redis-backend.js';
