-- Binds a configuration to a cache that may already hold data written under another one.
-- ARGV[OP] most evictions this call may make to bring the cache under a smaller maxSize.
-- A policy change keeps the entries and their eviction order, re-scored for the new policy (LFU
-- counts restart at 1); above RESCORE_LIMIT entries re-scoring would block Redis too long, so the
-- entries are dropped instead. The stored policy and maxSize become the caller's.
-- Returns { previous policy or nil, previous maxSize or nil, re-scored, dropped, evicted, still over,
--           the server's maxmemory-policy }.
local RESCORE_LIMIT = 100000
local evict_limit = tonumber(ARGV[OP])
local stored = redis.call('HMGET', K_META, 'policy', 'maxSize')
local old_policy, old_max = stored[1], stored[2]
local rescored, dropped = 0, 0

if old_policy and old_policy ~= POLICY then
  local size = redis.call('ZCARD', K_INDEX)
  if size > RESCORE_LIMIT then
    dropped = redis.call('HLEN', K_VALUES)
    redis.call('UNLINK', K_INDEX, K_VALUES, K_DEADLINES)
  elseif size > 0 then
    local ids = redis.call('ZRANGE', K_INDEX, 0, -1)
    for rank = 1, #ids do
      local score
      if POLICY == 'LRU_T' then
        score = NOW - (#ids - rank)
      elseif POLICY == 'LFU' then
        score = LFU_SHIFT + rank
      elseif POLICY == 'RR' then
        score = 0
      else
        score = rank
      end
      redis.call('ZADD', K_INDEX, fmt(score), ids[rank])
    end
    local seq = tonumber(redis.call('HGET', K_META, 'seq') or '0')
    if seq < #ids then redis.call('HSET', K_META, 'seq', #ids) end
    rescored = #ids
  end
end
redis.call('HSET', K_META, 'policy', POLICY, 'maxSize', ARGV[3], 'layout', ARGV[1])

if MAX_SIZE > 0 then
  local size = redis.call('HLEN', K_VALUES)
  local evictions = 0
  while size > MAX_SIZE and evictions < evict_limit do
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
return { old_policy, old_max, rescored, dropped, evicted_count, over, server_policy }
