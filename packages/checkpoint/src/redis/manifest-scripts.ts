import type { Redis } from 'ioredis';
import { type CheckpointRef, resolveCheckpointRef } from '../backend.js';
import type { ScriptedMulti, ScriptedRedis } from './scripts.js';

/* Writing and deleting a checkpoint's manifest in Redis (layout: see scripts.ts). */

/**
 * Writes a checkpoint: its manifest string, its info in the `manifests` hash, unpinned, and
 * bumps the generation (garbage collection then looks again). With the suffix flag it replaces
 * nothing: when the name is taken it uses the first free one of name-2, name-3, ... (the rule of
 * `suffixedName` in default-checkpoint-name.ts), decided in the script, so two clients taking
 * one default name at once get two checkpoints. KEYS: manifests hash, pinned set, generation.
 * ARGV: manifest key prefix, name, '1' | '0' (suffix if taken), info JSON, manifest JSON.
 * Returns the name written.
 */
export const WRITE_MANIFEST_SCRIPT = `
local name = ARGV[2]
if ARGV[3] == '1' then
  local attempt = 1
  while redis.call('HEXISTS', KEYS[1], name) == 1 do
    attempt = attempt + 1
    name = ARGV[2] .. '-' .. attempt
  end
end
redis.call('SET', ARGV[1] .. name, ARGV[5])
redis.call('HSET', KEYS[1], name, ARGV[4])
redis.call('SREM', KEYS[2], name)
redis.call('INCR', KEYS[3])
return name
`;

/**
 * Deletes checkpoints, each only while its info's `createdAt` is the one given ('' = any), so a
 * checkpoint taken again under the name since the caller looked stays. KEYS: manifests hash,
 * pinned set. ARGV: manifest key prefix, then name, createdAt, name, createdAt, ...
 * Returns how many it deleted.
 */
export const DELETE_MANIFESTS_SCRIPT = `
local deleted = 0
for i = 2, #ARGV, 2 do
  local name = ARGV[i]
  local info = redis.call('HGET', KEYS[1], name)
  if info and (ARGV[i + 1] == '' or cjson.decode(info).createdAt == tonumber(ARGV[i + 1])) then
    redis.call('HDEL', KEYS[1], name)
    redis.call('SREM', KEYS[2], name)
    redis.call('DEL', ARGV[1] .. name)
    deleted = deleted + 1
  end
end
return deleted
`;

/**
 * Queues on `tx` the write of checkpoint `name` (WRITE_MANIFEST_SCRIPT): its reply, in the
 * MULTI's results, is the name written.
 */
export function queueManifest(
  tx: ReturnType<Redis['multi']>,
  keyOf: (part: string) => string,
  name: string,
  suffixIfTaken: boolean,
  info: string,
  manifest: string,
): void {
  (tx as unknown as ScriptedMulti).steadystateCheckpointWriteManifest(
    keyOf('manifests'),
    keyOf('pinned'),
    keyOf('generation'),
    keyOf('manifest:'),
    name,
    suffixIfTaken ? '1' : '0',
    info,
    manifest,
  );
}

/** Deletes the checkpoints `refs` name (DELETE_MANIFESTS_SCRIPT); returns how many. */
export function deleteManifests(
  r: ScriptedRedis,
  keyOf: (part: string) => string,
  refs: readonly CheckpointRef[],
): Promise<number> {
  const pairs = refs
    .map(resolveCheckpointRef)
    .flatMap(({ name, createdAt }) => [name, createdAt === undefined ? '' : String(createdAt)]);
  return r.steadystateCheckpointDeleteManifests(
    keyOf('manifests'),
    keyOf('pinned'),
    keyOf('manifest:'),
    ...pairs,
  );
}
