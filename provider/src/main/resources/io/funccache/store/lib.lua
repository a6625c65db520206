-- funccache shared script library. Every operation script is sent as this file followed by the
-- operation's own file, so each policy's scoring and victim choice is written exactly once.
--
-- KEYS (fixed): 1 index (sorted set: id -> policy score), 2 values (hash: id -> encoded value),
--               3 deadlines (sorted set: id -> expiry deadline, ms), 4 metadata (hash).
-- ARGV header (fixed, layout version 1):
--   1 layout version   2 policy   3 maxSize (0 = unbounded)   4 now (ms)
--   5 whole-cache ttl in ms (0 = none)
--   6 flags (bit 1: return previous values; bit 2: a read reports the entry's deadline)
--   7 origin: the writing client's id, carried in published events so it can skip its own
-- Operation arguments start at ARGV[8].
-- Expiry codes: -2 keep the current deadline, -1 eternal, 0 expire at once, n > 0 live n ms.

local K_INDEX, K_VALUES, K_DEADLINES, K_META = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

if ARGV[1] ~= '1' then
  return redis.error_reply('FUNCCACHE argument layout ' .. tostring(ARGV[1]) .. ' is not supported (expected 1)')
end
local POLICY = ARGV[2]
local MAX_SIZE = tonumber(ARGV[3])
local NOW = tonumber(ARGV[4])
local TTL = tonumber(ARGV[5])
local FLAGS = tonumber(ARGV[6])
local ORIGIN = ARGV[7] or ''
local OP = 8

local KNOWN_POLICIES = { LRU = true, LRU_T = true, LFU = true, FIFO = true, MRU = true, RR = true }
if not KNOWN_POLICIES[POLICY] then
  return redis.error_reply('FUNCCACHE unknown policy ' .. tostring(POLICY))
end
if not MAX_SIZE or not NOW or not TTL or not FLAGS then
  return redis.error_reply('FUNCCACHE malformed argument header')
end

local RETURN_PREVIOUS = FLAGS % 2 == 1
local RETURN_DEADLINE = math.floor(FLAGS / 2) % 2 == 1
-- Expired entries swept by each write; bounded so that no call does unbounded work.
local SWEEP_LIMIT = 16
-- LFU keeps count * 2^32 + recency in one exact double: counts saturate at 2^21 - 1.
local LFU_SHIFT = 4294967296
local LFU_MAX_COUNT = 2097151

-- Aborts the script. Only for states no script can produce (a corrupted structure): checks that
-- can fail on valid input are made before the first write.
local function fail(message)
  error({ err = 'FUNCCACHE ' .. message })
end

local function fmt(n)
  return string.format('%.0f', n)
end

local function next_seq()
  return redis.call('HINCRBY', K_META, 'seq', 1)
end

-- Policy scores --------------------------------------------------------------------------------

local function score_on_insert()
  if POLICY == 'LRU' or POLICY == 'FIFO' or POLICY == 'MRU' then
    return next_seq()
  elseif POLICY == 'LRU_T' then
    return NOW
  elseif POLICY == 'LFU' then
    return LFU_SHIFT + (next_seq() % LFU_SHIFT)
  end
  return 0
end

-- nil: the score stays as it is
local function score_on_hit(id)
  if POLICY == 'LRU' or POLICY == 'MRU' then
    return next_seq()
  elseif POLICY == 'LRU_T' then
    return NOW
  elseif POLICY == 'LFU' then
    local count = math.floor(tonumber(redis.call('ZSCORE', K_INDEX, id)) / LFU_SHIFT)
    if count < LFU_MAX_COUNT then count = count + 1 end
    return count * LFU_SHIFT + (next_seq() % LFU_SHIFT)
  end
  return nil
end

local function score_on_update()
  if POLICY == 'LRU' or POLICY == 'MRU' then
    return next_seq()
  elseif POLICY == 'LRU_T' then
    return NOW
  end
  return nil
end

local function pick_victim()
  if POLICY == 'RR' then
    return redis.call('ZRANDMEMBER', K_INDEX)
  end
  local range
  if POLICY == 'MRU' then
    range = redis.call('ZRANGE', K_INDEX, -1, -1)
  else
    range = redis.call('ZRANGE', K_INDEX, 0, 0)
  end
  return range[1]
end

-- Entries --------------------------------------------------------------------------------------

local function drop(id)
  redis.call('ZREM', K_INDEX, id)
  redis.call('HDEL', K_VALUES, id)
  redis.call('ZREM', K_DEADLINES, id)
end

local function is_expired(id)
  local deadline = redis.call('ZSCORE', K_DEADLINES, id)
  return deadline and tonumber(deadline) <= NOW
end

-- Sets the deadline an expiry code asks for. Returns false when the entry must go at once.
local function apply_expiry(id, code)
  if code == -2 then
    return true
  elseif code == -1 then
    redis.call('ZREM', K_DEADLINES, id)
    return true
  elseif code == 0 then
    return false
  end
  redis.call('ZADD', K_DEADLINES, fmt(NOW + code), id)
  return true
end

local function sweep_expired(limit)
  local ids = redis.call('ZRANGEBYSCORE', K_DEADLINES, '-inf', fmt(NOW), 'LIMIT', 0, limit)
  for i = 1, #ids do drop(ids[i]) end
  return #ids
end

-- The value of a live entry, or false. An expired entry met here is dropped and counted.
local expired_count = 0
local evicted_count = 0

local function read_live(id)
  local value = redis.call('HGET', K_VALUES, id)
  if not value then return false end
  if is_expired(id) then
    drop(id)
    expired_count = expired_count + 1
    return false
  end
  return value
end

-- Frees one place for a new entry. Expired entries go first: they never cost a live entry its place.
local function make_room()
  if MAX_SIZE <= 0 then return end
  local size = redis.call('HLEN', K_VALUES)
  while size >= MAX_SIZE do
    if sweep_expired(1) == 1 then
      expired_count = expired_count + 1
    else
      local victim = pick_victim()
      if not victim then
        fail('index is empty while the values hold ' .. size .. ' entries')
      end
      drop(victim)
      evicted_count = evicted_count + 1
    end
    size = size - 1
  end
end

local function sweep()
  expired_count = expired_count + sweep_expired(SWEEP_LIMIT)
end

-- A hit: the policy sees the use and the access expiry applies (ZERO: served once, then gone).
local function on_hit(id, access_code)
  local score = score_on_hit(id)
  if score then redis.call('ZADD', K_INDEX, fmt(score), id) end
  if not apply_expiry(id, access_code) then drop(id) end
end

-- Stores a new entry. Returns false when the creation expiry is ZERO: the entry is not stored.
local function insert(id, value, create_code)
  if create_code == 0 then return false end
  make_room()
  redis.call('HSET', K_VALUES, id, value)
  redis.call('ZADD', K_INDEX, fmt(score_on_insert()), id)
  if create_code > 0 then apply_expiry(id, create_code) end
  return true
end

-- Replaces a live entry's value. Returns false when the update expiry is ZERO: the entry is removed.
local function update(id, value, update_code)
  if update_code == 0 then
    drop(id)
    return false
  end
  redis.call('HSET', K_VALUES, id, value)
  local score = score_on_update()
  if score then redis.call('ZADD', K_INDEX, fmt(score), id) end
  apply_expiry(id, update_code)
  return true
end

-- The whole-cache ttl: hits and writes keep every part of the cache alive together.
local function touch()
  if TTL > 0 then
    redis.call('PEXPIRE', K_INDEX, TTL)
    redis.call('PEXPIRE', K_VALUES, TTL)
    redis.call('PEXPIRE', K_DEADLINES, TTL)
    redis.call('PEXPIRE', K_META, TTL)
  end
end

-- Events for other JVMs ------------------------------------------------------------------------
-- Published only while some JVM listens: each listening JVM keeps 'listeners_until' (a
-- deadline, ms) in the metadata in the future. Format: fields as <10-digit length><bytes>
-- (length -1: none): origin, kind (C created, U updated, R removed, X expired, Z every entry
-- gone: clear, destroy), id, value, old.

local listening = nil

local function field(text)
  if not text then return string.format('%010d', -1) end
  return string.format('%010d', #text) .. text
end

local function notify(kind, id, value, old)
  if listening == nil then
    listening = tonumber(redis.call('HGET', K_META, 'listeners_until') or '0') > NOW
  end
  if listening then
    local channel = string.sub(K_META, 1, -2) .. 'events'
    redis.call('PUBLISH', channel, field(ORIGIN) .. kind .. field(id) .. field(value) .. field(old))
  end
end

-- The event a put-family outcome stands for (2 created, 3 updated, 5 removed by ZERO update).
local function notify_write(outcome, id, value, current)
  if outcome == 2 then
    notify('C', id, value, false)
  elseif outcome == 3 then
    notify('U', id, value, current)
  elseif outcome == 5 then
    notify('X', id, false, current)
  end
end

local function previous(value)
  if RETURN_PREVIOUS then return value end
  return false
end
