import type { Redis } from 'ioredis';
import { DELETE_MANIFESTS_SCRIPT, WRITE_MANIFEST_SCRIPT } from './manifest-scripts.js';

/**
 * Lua scripts of the Redis backend (EVALSHA through ioredis `defineCommand`). Each runs
 * atomically inside Redis, so a revision compare and the write it guards cannot be split
 * by another client, on this machine or another.
 *
 * Layout of namespace `<ns>` under `<p>` (the prefix):
 * - `<p>:<ns>:entry:<key>`  hash { value: JSON, rev, updatedAt }
 * - `<p>:<ns>:keys`         set of the keys
 * - `<p>:<ns>:blob:<hash>`  string, the blob's bytes; `<p>:<ns>:blobs` set of the hashes
 * - `<p>:<ns>:manifests`    hash name -> { createdAt, keys, bytes, notes? } JSON (no notes: none)
 * - `<p>:<ns>:manifest:<name>` string, the manifest JSON; `<p>:<ns>:pinned` set of names
 *                           (written and deleted by the scripts of manifest-scripts.ts)
 * - `<p>:<ns>:meta`         hash key -> JSON (heartbeats, batch state); `updateMeta` reads a
 *                           field, then writes it with META_CAS_SCRIPT if it did not change
 * - `<p>:<ns>:generation`   counter, bumped by every checkpoint written (garbage collection
 *                           deletes only if no checkpoint was written since it looked)
 *
 * The entry scripts build entry key names from a prefix argument, so they assume a single
 * Redis (or all of a namespace's keys on one node).
 */

/** Lua of the conditional save: returns {0, revision found} early, else leaves the new one in `rev`. */
const CONDITIONAL_SAVE = `local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= rev then return {0, rev} end
rev = rev + 1
redis.call('HSET', KEYS[1], 'value', ARGV[2], 'rev', rev, 'updatedAt', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])`;

/**
 * Conditional save. KEYS: entry, keys set. ARGV: expected revision ('' = any), value JSON,
 * updatedAt, key. Returns {1, new revision} or {0, revision found}.
 */
export const PUT_SCRIPT = `
${CONDITIONAL_SAVE}
return {1, rev}
`;

/**
 * Conditional delete. KEYS: entry, keys set. ARGV: expected revision ('' = any), key.
 * Returns {1, revision deleted (0 = there was none)} or {0, revision found}.
 */
export const DELETE_SCRIPT = `
local rev = tonumber(redis.call('HGET', KEYS[1], 'rev') or '0')
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= rev then return {0, rev} end
if rev == 0 then return {1, 0} end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[2], ARGV[2])
return {1, rev}
`;

/**
 * Lua that appends key, value, rev, updatedAt of every entry listed in the set `keys` (entry
 * hashes at `prefix .. key`) to the table `out`, leaving out the key `skip` when given.
 */
function appendEntries(keys: string, prefix: string, skip?: string): string {
  return `for _, k in ipairs(redis.call('SMEMBERS', ${keys})) do
  local e = ${skip ? `k ~= ${skip} and ` : ''}redis.call('HMGET', ${prefix} .. k, 'value', 'rev', 'updatedAt')
  if e and e[1] then
    table.insert(out, k)
    table.insert(out, e[1])
    table.insert(out, e[2])
    table.insert(out, e[3])
  end
end`;
}

/**
 * Every entry of the namespace in one atomic read (the consistent view a checkpoint encodes).
 * KEYS: keys set. ARGV: entry key prefix. Returns [key, value, rev, updatedAt, ...].
 */
export const READ_ALL_SCRIPT = `
local out = {}
${appendEntries('KEYS[1]', 'ARGV[1]')}
return out
`;

/**
 * The conditional save of PUT_SCRIPT, then every other entry of the namespace, in one atomic
 * step (a checkpoint of exactly the state the save left). KEYS: entry, keys set. ARGV: expected
 * revision ('' = any), value JSON, updatedAt, key, entry key prefix. Returns {0, revision found}
 * or {1, new revision, key, value, rev, updatedAt, ...} without the saved key.
 */
export const PUT_READ_ALL_SCRIPT = `
${CONDITIONAL_SAVE}
local out = {1, rev}
${appendEntries('KEYS[2]', 'ARGV[5]', 'ARGV[4]')}
return out
`;

/**
 * Restore: replaces every entry at once; each key's revision goes up by one (1 when new).
 * KEYS: keys set. ARGV: entry key prefix, updatedAt, then key, value JSON, key, value JSON, ...
 */
export const REPLACE_SCRIPT = `
local keep = {}
for i = 3, #ARGV, 2 do keep[ARGV[i]] = true end
for _, k in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if not keep[k] then
    redis.call('DEL', ARGV[1] .. k)
    redis.call('SREM', KEYS[1], k)
  end
end
for i = 3, #ARGV, 2 do
  local ek = ARGV[1] .. ARGV[i]
  local rev = tonumber(redis.call('HGET', ek, 'rev') or '0') + 1
  redis.call('HSET', ek, 'value', ARGV[i + 1], 'rev', rev, 'updatedAt', ARGV[2])
  redis.call('SADD', KEYS[1], ARGV[i])
end
return 1
`;

/**
 * Pin or unpin a checkpoint. KEYS: manifests hash, pinned set. ARGV: name, '1' | '0'.
 * Returns 0 when the checkpoint does not exist.
 */
export const PIN_SCRIPT = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[2] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) else redis.call('SREM', KEYS[2], ARGV[1]) end
return 1
`;

/**
 * Garbage collection: deletes the given blobs, unless a checkpoint was written since the
 * caller read the generation (it may share them). KEYS: generation counter, blobs set.
 * ARGV: generation read, blob key prefix, hash, hash, ... Returns the bytes deleted, or -1.
 */
export const COLLECT_SCRIPT = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return -1 end
local bytes = 0
for i = 3, #ARGV do
  local k = ARGV[2] .. ARGV[i]
  bytes = bytes + redis.call('STRLEN', k)
  redis.call('DEL', k)
  redis.call('SREM', KEYS[2], ARGV[i])
end
return bytes
`;

/**
 * Compare-and-set of a side record: writes only if the record still holds the text the caller
 * read. KEYS: meta hash. ARGV: field, text read ('' = absent), new text ('' = delete; JSON text
 * is never empty). Returns 1 when written, 0 when the record changed meanwhile.
 */
export const META_CAS_SCRIPT = `
local cur = redis.call('HGET', KEYS[1], ARGV[1]) or ''
if cur ~= ARGV[2] then return 0 end
if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
return 1
`;

/** The Lua commands the backend defines on its client. */
export interface ScriptedRedis {
  steadystateCheckpointPut(
    entry: string,
    keys: string,
    ifRev: string,
    json: string,
    now: string,
    key: string,
  ): Promise<[number, number]>;
  steadystateCheckpointDelete(
    entry: string,
    keys: string,
    ifRev: string,
    key: string,
  ): Promise<[number, number]>;
  steadystateCheckpointReadAll(keys: string, entryPrefix: string): Promise<string[]>;
  steadystateCheckpointPutReadAll(
    entry: string,
    keys: string,
    ifRev: string,
    json: string,
    now: string,
    key: string,
    entryPrefix: string,
  ): Promise<Array<number | string>>;
  steadystateCheckpointReplace(
    keys: string,
    entryPrefix: string,
    now: string,
    ...pairs: string[]
  ): Promise<number>;
  steadystateCheckpointPin(manifests: string, pinned: string, name: string, flag: string): Promise<number>;
  steadystateCheckpointCollect(
    generation: string,
    blobs: string,
    seen: string,
    blobPrefix: string,
    ...hashes: string[]
  ): Promise<number>;
  steadystateCheckpointMetaCas(meta: string, field: string, read: string, next: string): Promise<number>;
  steadystateCheckpointDeleteManifests(
    manifests: string,
    pinned: string,
    manifestPrefix: string,
    ...nameTimePairs: string[]
  ): Promise<number>;
}

/** The script of WRITE_MANIFEST_SCRIPT as queued on a MULTI (its reply: the name written). */
export interface ScriptedMulti {
  steadystateCheckpointWriteManifest(
    manifests: string,
    pinned: string,
    generation: string,
    manifestPrefix: string,
    name: string,
    suffixIfTaken: '1' | '0',
    info: string,
    manifest: string,
  ): unknown;
}

/** Defines the backend's Lua commands on `client` (the same client, typed with them). */
export function defineScripts(client: Redis): Redis & ScriptedRedis {
  client.defineCommand('steadystateCheckpointPut', { numberOfKeys: 2, lua: PUT_SCRIPT });
  client.defineCommand('steadystateCheckpointDelete', { numberOfKeys: 2, lua: DELETE_SCRIPT });
  client.defineCommand('steadystateCheckpointReadAll', {
    numberOfKeys: 1,
    lua: READ_ALL_SCRIPT,
    readOnly: true,
  });
  client.defineCommand('steadystateCheckpointPutReadAll', { numberOfKeys: 2, lua: PUT_READ_ALL_SCRIPT });
  client.defineCommand('steadystateCheckpointReplace', { numberOfKeys: 1, lua: REPLACE_SCRIPT });
  client.defineCommand('steadystateCheckpointPin', { numberOfKeys: 2, lua: PIN_SCRIPT });
  client.defineCommand('steadystateCheckpointCollect', { numberOfKeys: 2, lua: COLLECT_SCRIPT });
  client.defineCommand('steadystateCheckpointMetaCas', { numberOfKeys: 1, lua: META_CAS_SCRIPT });
  client.defineCommand('steadystateCheckpointWriteManifest', { numberOfKeys: 3, lua: WRITE_MANIFEST_SCRIPT });
  client.defineCommand('steadystateCheckpointDeleteManifests', {
    numberOfKeys: 2,
    lua: DELETE_MANIFESTS_SCRIPT,
  });
  return client as Redis & ScriptedRedis;
}
