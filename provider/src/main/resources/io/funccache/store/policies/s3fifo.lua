-- S3FIFO (Yang et al., SOSP 2023): new entries wait in a small FIFO (a tenth of maxSize); the
-- rest is a main FIFO; a ghost list remembers ids the small FIFO evicted. A hit raises an entry's
-- frequency, 0..3; at 3 it writes nothing. A new entry goes into main when its id is a ghost (the
-- ghost is forgotten), else into small. The victim comes from main when main holds more than its
-- share or small is empty, else from small (the rule of the authors' simulator, libCacheSim):
-- small's oldest moves to main's head, frequency 0, when it was hit twice (frequency > 1), else
-- it is evicted and becomes a ghost; main's oldest goes back to main's head with its frequency
-- lowered by one while it is above 0, else it is evicted. Reference model: S3FifoModel (tests).
-- Bounded work: one victim() looks at STEP_LIMIT entries at most; the last one looked at goes
-- whatever its frequency (from small it still becomes a ghost). On the public traces a limit of
-- 256 changes no hit ratio by more than 0.1 point and is met at most 61 times in 10^6 requests.
-- Score: segment * 2^48 + sequence * 4 + frequency, segment 0 small, 1 main. Re-scored entries
-- (after a policy change) get negative sequences in small: the next victims, oldest first.
-- K_STATE: the ghost list, a sorted set of the first 16 hex digits of SHA-1(id), scored by the
-- evicted entry's sequence (small evicts in sequence order, so this is eviction order); it holds
-- at most main's share of maxSize.
do
  local SEGMENT = 281474976710656   -- 2^48
  local MAX_FREQ = 3
  local PROMOTE_FREQ = 2
  local STEP_LIMIT = 256
  local GHOST_HASH_CHARS = 16
  -- Oldest ghosts dropped per new one at most: after maxSize drops, the list shrinks gradually.
  local GHOST_TRIM_PER_ADD = 2

  local function main_share()
    return MAX_SIZE - math.floor(MAX_SIZE / 10)
  end

  local function ghost_id(id)
    return string.sub(redis.sha1hex(id), 1, GHOST_HASH_CHARS)
  end

  local function add_ghost(id, seq)
    redis.call('ZADD', K_STATE, fmt(seq), ghost_id(id))
    local over = redis.call('ZCARD', K_STATE) - main_share()
    if over > 0 then redis.call('ZPOPMIN', K_STATE, math.min(over, GHOST_TRIM_PER_ADD)) end
  end

  -- A use (hit or update): the frequency goes up until it reaches MAX_FREQ; then nil, no write.
  local function used(current)
    -- No score: an orphan (the index was lost), given a place as small's newest.
    if not current then return next_seq() * 4 end
    current = tonumber(current)
    if current % 4 < MAX_FREQ then return current + 1 end
    return nil
  end

  -- Small's oldest is the lowest score of all while small holds any entry.
  local function evict_from_small(small, steps)
    while small > 0 do
      local popped = redis.call('ZPOPMIN', K_INDEX)
      local id, score = popped[1], tonumber(popped[2])
      steps = steps + 1
      if score % 4 >= PROMOTE_FREQ and steps < STEP_LIMIT then
        redis.call('ZADD', K_INDEX, fmt(SEGMENT + next_seq() * 4), id)
        small = small - 1
      else
        add_ghost(id, math.floor(score / 4))
        return id, steps
      end
    end
    return nil, steps
  end

  local function evict_from_main(steps)
    while true do
      local oldest = redis.call('ZRANGEBYSCORE', K_INDEX, fmt(SEGMENT), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
      if #oldest == 0 then return nil end
      local id, score = oldest[1], tonumber(oldest[2])
      local freq = score % 4
      steps = steps + 1
      if freq > 0 and steps < STEP_LIMIT then
        redis.call('ZADD', K_INDEX, fmt(SEGMENT + next_seq() * 4 + freq - 1), id)
      else
        redis.call('ZREM', K_INDEX, id)
        return id
      end
    end
  end

  register_policy('S3FIFO', {
    ignores_now = true,
    has_state = true,
    needs_current = true,
    insert = function(id)
      -- An unbounded cache evicts nothing, so it has no ghosts to look for.
      if MAX_SIZE > 0 and redis.call('ZREM', K_STATE, ghost_id(id)) == 1 then
        return SEGMENT + next_seq() * 4
      end
      return next_seq() * 4
    end,
    hit = function(id, current) return used(current) end,
    -- An update is a use, as in Caffeine.
    update = function(id) return used(redis.call('ZSCORE', K_INDEX, id)) end,
    victim = function()
      local small = redis.call('ZCOUNT', K_INDEX, '-inf', '(' .. fmt(SEGMENT))
      local main = redis.call('ZCARD', K_INDEX) - small
      local steps = 0
      if main <= main_share() and small > 0 then
        local id
        id, steps = evict_from_small(small, steps)
        if id then return id end
      end
      return evict_from_main(steps)
    end,
    rescored = function(position) return position * 4 end,
    seq_of = function(score) return math.floor((score % SEGMENT) / 4) end,
    -- Small's newest entry is newer than main's top (an entry moved to main takes its sequence
    -- as it moves, before the insert that made room).
    segments = { 0, SEGMENT },
  })
end
