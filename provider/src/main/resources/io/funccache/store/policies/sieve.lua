-- SIEVE (Zhang et al., NSDI 2024): one FIFO of entries in insertion order, a visited bit per
-- entry that a hit or an update sets (a hit on a visited entry writes nothing), and a hand that
-- moves from older to newer entries: it clears the bits it passes and evicts the first entry
-- whose bit was clear, then rests on that entry's place; past the newest it wraps around to the
-- oldest, and when the victim was the newest the next search starts at the oldest. Entries never
-- move. Reference model: SieveModel (tests).
-- Bounded work: one victim() looks at STEP_LIMIT entries at most; the last one looked at goes
-- whatever its bit (caches smaller than the limit never meet it). On the public traces a limit of
-- 256 changes no hit ratio by more than 0.1 point and is met at most 58 times in 10^6 requests.
-- Score: sequence * 2 + visited. The hand: K_META field SIEVE.hand, the score (odd) above which
-- the search goes on; absent: from the oldest. Re-scored entries (after a policy change) get
-- negative sequences; a hand from before the change (>= 0) is not used while they are there.
do
  local STEP_LIMIT = 256
  -- Entries read per command: few at first (the first unvisited entry is usually near), more after.
  local FIRST_PAGE, PAGE = 8, 64
  local HAND = 'SIEVE.hand'

  -- A use (hit or update): the bit is set; nil (no write) when it is set already.
  local function used(current)
    -- No score: an orphan (the index was lost), given a place as the newest, visited.
    if not current then return next_seq() * 2 + 1 end
    current = tonumber(current)
    if current % 2 == 0 then return current + 1 end
    return nil
  end

  local function start()
    local hand = tonumber(redis.call('HGET', K_META, HAND) or '')
    if hand and hand >= 0 then
      local lowest = redis.call('ZRANGE', K_INDEX, 0, 0, 'WITHSCORES')
      if #lowest == 2 and tonumber(lowest[2]) < 0 then hand = nil end
    end
    return hand
  end

  -- Evicts the entry at (id, score): clears the bits passed on the way, and the hand rests there.
  local function evict(id, score, cleared, newer)
    if #cleared > 0 then redis.call('ZADD', K_INDEX, unpack(cleared)) end
    redis.call('ZREM', K_INDEX, id)
    if newer or #redis.call('ZRANGEBYSCORE', K_INDEX, '(' .. fmt(score), '+inf', 'LIMIT', 0, 1) > 0 then
      redis.call('HSET', K_META, HAND, fmt(score - score % 2 + 1))
    else
      redis.call('HDEL', K_META, HAND)
    end
    return id
  end

  register_policy('SIEVE', {
    ignores_now = true,
    needs_current = true,
    insert = function(id) return next_seq() * 2 end,
    hit = function(id, current) return used(current) end,
    -- An update is a use, as in Caffeine.
    update = function(id) return used(redis.call('ZSCORE', K_INDEX, id)) end,
    victim = function()
      local hand = start()
      local steps, count = 0, FIRST_PAGE
      while true do
        local from = hand and ('(' .. fmt(hand)) or '-inf'
        count = math.min(count, STEP_LIMIT - steps)
        local page = redis.call('ZRANGEBYSCORE', K_INDEX, from, '+inf', 'WITHSCORES', 'LIMIT', 0, count)
        if #page == 0 then
          if not hand then return nil end -- the index is empty
          hand = nil                      -- past the newest: around to the oldest
        else
          local cleared = {}
          for i = 1, #page, 2 do
            local id, score = page[i], tonumber(page[i + 1])
            steps = steps + 1
            if score % 2 == 0 or steps >= STEP_LIMIT then
              return evict(id, score, cleared, i + 1 < #page)
            end
            cleared[#cleared + 1] = fmt(score - 1)
            cleared[#cleared + 1] = id
            hand = score
          end
          redis.call('ZADD', K_INDEX, unpack(cleared))
          -- A short page reached the newest: around to the oldest.
          if #page < 2 * count then hand = nil end
          count = PAGE
        end
      end
    end,
    rescored = function(position) return position * 2 end,
    seq_of = function(score) return math.floor(score / 2) end,
  })
end
