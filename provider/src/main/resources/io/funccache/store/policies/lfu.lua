-- LFU with dynamic aging (LFU-DA): an entry's priority is the cache's age L plus its use count
-- (capped), set at each use; the lowest priority goes first, and L becomes the victim's priority.
-- So counts age: an entry used often long ago falls behind newcomers once L has passed its
-- priority, instead of holding its place forever (version 1 of this policy, a plain count, did).
-- Score: priority * 2^26 + (sequence mod 2^22) * 16 + count (count 1..15, kept to compute the next
-- priority), one exact double; priorities saturate at 2^27 - 1 (at the measured growth of L, well
-- over a billion evictions). Ties go to the least recently used.
do
  local PRIORITY_UNIT = 67108864   -- 2^26
  local SEQ_WRAP = 4194304         -- 2^22
  local MAX_COUNT = 15
  local MAX_PRIORITY = 134217727   -- 2^27 - 1
  local AGE_FIELD = 'LFU.age'
  -- The cache's age, read at most once per call (nil: not read yet in this call).
  local age = nil

  local function current_age()
    if not age then age = tonumber(redis.call('HGET', K_META, AGE_FIELD) or '0') end
    return age
  end

  local function score(count)
    local priority = math.min(current_age() + count, MAX_PRIORITY)
    return priority * PRIORITY_UNIT + (next_seq() % SEQ_WRAP) * 16 + count
  end

  register_policy('LFU', {
    ignores_now = true,
    version = 2,
    begin = function() age = nil end,
    takes_seq = true,
    needs_current = true,
    insert = function(id) return score(1) end,
    hit = function(id, current)
      -- No score (an orphan) or one below every priority (re-scored after a policy change): the
      -- count starts again.
      local count = 0
      current = current and tonumber(current)
      if current and current >= PRIORITY_UNIT then count = current % 16 end
      if count < MAX_COUNT then count = count + 1 end
      return score(count)
    end,
    update = function(id) return nil end,
    victim = function()
      local popped = redis.call('ZPOPMIN', K_INDEX)
      if not popped[1] then return nil end
      local priority = math.max(0, math.floor(tonumber(popped[2]) / PRIORITY_UNIT))
      if priority ~= current_age() then
        redis.call('HSET', K_META, AGE_FIELD, fmt(priority))
        age = priority
      end
      return popped[1]
    end,
    -- Below every priority: the next victims, oldest first.
    rescored = function(position) return position end,
  })
end
