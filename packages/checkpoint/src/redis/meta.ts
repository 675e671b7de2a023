import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { MetaUpdate } from '../backend.js';
import { BackendError } from '../errors.js';
import { applyMetaUpdate, parseMeta } from '../meta-update.js';
import type { JsonValue } from '../types.js';
import type { ScriptedRedis } from './scripts.js';

/** How many times `updateMeta` reads and tries to write before giving up (BackendError). */
export const META_ATTEMPTS = 50;

/** The backend's bounded exchange with Redis (`RedisBackend`'s `#io`). */
type Io = <T>(operation: string, work: (redis: Redis & ScriptedRedis) => Promise<T>) => Promise<T>;

/**
 * `updateMeta` of field `key` of the meta hash `hash`, optimistically: read the field, run
 * `update` in this process (outside the exchange, so its errors pass through as they are), then
 * write with a Lua compare-and-set that refuses if the field changed since the read; on refusal
 * read again, after a short random pause (up to 2^attempt ms, at most 100 ms). A script rather
 * than WATCH/MULTI/EXEC: WATCH is state of the connection, which concurrent calls share.
 */
export async function updateMetaCas(
  io: Io,
  hash: string,
  key: string,
  update: MetaUpdate,
): Promise<JsonValue | undefined> {
  const operation = `update side record "${key}"`;
  for (let attempt = 1; attempt <= META_ATTEMPTS; attempt++) {
    const current = await io(operation, async (r) => parseMeta(await r.hget(hash, key)));
    const change = applyMetaUpdate(update, current);
    if (!change.changed) return change.value;
    const written = await io(operation, (r) =>
      r.steadystateCheckpointMetaCas(hash, key, current?.text ?? '', change.text ?? ''),
    );
    if (written === 1) return change.value;
    await sleep(Math.random() * Math.min(2 ** attempt, 100));
  }
  throw new BackendError('redis', operation, {
    cause: new Error(`other writers changed it first ${META_ATTEMPTS} times in a row`),
  });
}
