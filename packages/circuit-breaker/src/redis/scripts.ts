/**
 * Lua scripts of the RedisStore, run with EVALSHA through ioredis `defineCommand`.
 *
 * Layout of a namespace `<ns>`:
 * - `<ns>:<name>`: hash `{ record: <BreakerRecord JSON>, rev: <integer> }`, one per breaker;
 *   `rev` grows by one with every write (absent key = revision 0).
 * - `<ns>`: hash of the store totals (`totalExecutions`, `totalFailures`, `lastUpdated`) and an
 *   index of the breakers (`breaker:<name>` = 1), so no key name is reserved.
 */

/** Field prefix of the breaker index in the namespace hash. */
export const INDEX_PREFIX = 'breaker:';

/**
 * Compare-and-set of one record, with the totals in the same atomic step.
 * KEYS: record key, namespace hash. ARGV: expected rev, new record JSON ('' = delete), name,
 * executions to add, failures to add, the record's updatedAt ('' = none), the call's deadline in
 * ms on the server's clock (`TIME`; '' = none).
 * Returns the new revision, -1 when the revision moved (somebody else wrote first), or -2 without
 * writing when the script runs at or after the deadline (it waited behind `CLIENT PAUSE`, a slow
 * server, a resend): the caller has already been told the store is unavailable.
 */
export const CAS_SCRIPT = `
if ARGV[7] ~= '' then
  -- TIME before writes: needs effects replication, the default since Redis 5 (a no-op in 7)
  if redis.replicate_commands then redis.replicate_commands() end
  local t = redis.call('TIME')
  if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) >= tonumber(ARGV[7]) then return -2 end
end
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev then rev = '0' end
if rev ~= ARGV[1] then return -1 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('HDEL', KEYS[2], '${INDEX_PREFIX}' .. ARGV[3])
  return 0
end
local nextRev = tonumber(rev) + 1
redis.call('HSET', KEYS[1], 'record', ARGV[2], 'rev', nextRev)
redis.call('HSET', KEYS[2], '${INDEX_PREFIX}' .. ARGV[3], '1')
if ARGV[4] ~= '0' then redis.call('HINCRBY', KEYS[2], 'totalExecutions', ARGV[4]) end
if ARGV[5] ~= '0' then redis.call('HINCRBY', KEYS[2], 'totalFailures', ARGV[5]) end
if ARGV[6] ~= '' then
  local last = redis.call('HGET', KEYS[2], 'lastUpdated')
  if (not last) or tonumber(ARGV[6]) > tonumber(last) then
    redis.call('HSET', KEYS[2], 'lastUpdated', ARGV[6])
  end
end
return nextRev
`;

/**
 * Every breaker of the namespace in one consistent read.
 * KEYS: namespace hash. ARGV: record key prefix (`<ns>:`). Returns [name, json, name, json, ...].
 */
export const LIST_SCRIPT = `
local out = {}
local plen = string.len('${INDEX_PREFIX}')
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, plen) == '${INDEX_PREFIX}' then
    local name = string.sub(field, plen + 1)
    local json = redis.call('HGET', ARGV[1] .. name, 'record')
    if json then
      table.insert(out, name)
      table.insert(out, json)
    end
  end
end
return out
`;
