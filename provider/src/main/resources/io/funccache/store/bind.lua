-- Binds a configuration to a cache that may already hold data written under another one.
-- ARGV[OP] most steps this call may take: evictions to bring the cache under a smaller maxSize,
-- and as many entries re-scored for a changed policy. The stored policy and maxSize become the
-- caller's. The caller calls again while work is left, so each call stays short.
-- A policy change keeps the entries and their eviction order: their old scores move aside to
-- K_RESCORE, and each call moves the next batch back, oldest first, with scores below any the new
-- policy gives (LFU: a count of 0). Meanwhile the entries still aside are orphans to the other
-- operations (see lib.lua): evicted first, given a place again by a hit.
-- Returns { previous policy or nil, previous maxSize or nil, re-scored, entries still to re-score,
--           evicted, still over, the server's maxmemory-policy, the data layout the metadata
--           recorded before or nil }.
local limit = tonumber(ARGV[OP])
local stored = redis.call('HMGET', K_META, 'policy', 'maxSize', 'layout')
local old_policy, old_max, old_layout = stored[1], stored[2], stored[3]

-- The stored identity is the policy's name, and its version from version 2 on (policies/*.lua).
local changed = old_policy and old_policy ~= P.identity
if changed then
  -- The old policy's own state means nothing to the new one.
  redis.call('UNLINK', K_STATE, K_STATE2)
end
if changed and redis.call('EXISTS', K_INDEX) == 1 then
  -- Entries still aside from an unfinished earlier change stay orphans; the rest move aside now.
  redis.call('RENAME', K_INDEX, K_RESCORE)
  -- Hits and writes do not refresh this key (it is rarely there): it lives one ttl, and what a
  -- ttl takes away is orphans, which the other operations handle.
  if TTL > 0 then redis.call('PEXPIRE', K_RESCORE, TTL) end
  redis.call('HSET', K_META, 'rescore_next', fmt(-redis.call('ZCARD', K_RESCORE)))
end
redis.call('HSET', K_META, 'policy', P.identity, 'maxSize', fmt(MAX_SIZE), 'layout', DATA_LAYOUT)

local rescored = 0
local popped = redis.call('ZPOPMIN', K_RESCORE, limit)
if #popped > 0 then
  -- Counts up from -(entries aside) to -1: below every score the new policy hands out.
  local next = tonumber(redis.call('HGET', K_META, 'rescore_next') or '-1')
  for i = 1, #popped, 2 do
    local id = popped[i]
    if redis.call('HEXISTS', K_VALUES, id) == 1 then -- else removed meanwhile: no ghost
      -- NX: an entry used since the change already has its place under the new policy.
      redis.call('ZADD', K_INDEX, 'NX', fmt(P.rescored(next)), id)
      rescored = rescored + 1
    end
    next = next + 1
  end
  redis.call('HSET', K_META, 'rescore_next', fmt(next))
end
local left = redis.call('ZCARD', K_RESCORE)

if MAX_SIZE > 0 then
  local size = redis.call('HLEN', K_VALUES)
  local evictions = 0
  while size > MAX_SIZE and evictions < limit do
    if sweep_expired(1) == 0 and not evict_one(size) then break end
    evictions = evictions + 1
    size = size - 1
  end
  evicted_count = evictions
end
local over = 0
if MAX_SIZE > 0 then over = math.max(0, redis.call('HLEN', K_VALUES) - MAX_SIZE) end
touch()
-- Whether Redis itself may evict this cache's keys (see lib.lua on repairs), for a warning.
local server_policy = string.match(redis.call('INFO', 'memory'), 'maxmemory_policy:([%w%-]+)') or ''
return { old_policy, old_max, rescored, left, evicted_count, over, server_policy, old_layout }
