-- HYPERBOLIC: hyperbolic caching (Blankstein, Sen and Freedman, USENIX ATC 2017). An entry's
-- priority is its hits divided by its age, so a new entry is not judged by a count it had no time
-- to earn; the victim is the lowest priority among a sample of entries (all of them when the
-- cache holds no more than the sample).
-- Age counts inserts: the cache's sequence number now minus the entry's at its insert.
-- Score: hits * 2^40 + the insert's sequence number (hits saturate at 4095).
do
  local HIT = 1099511627776   -- 2^40
  local MAX_HITS = 4095
  local SAMPLE = 64

  local function hits_of(score)
    if score < HIT then return 0 end -- given its place after a policy change: no hits yet
    return math.floor(score / HIT)
  end

  local function inserted_of(score)
    if score < HIT then return score end
    return score % HIT
  end

  register_policy('HYPERBOLIC', {
    needs_current = true,
    insert = function(id) return HIT + next_seq() end,
    hit = function(id, current)
      if not current then return HIT + next_seq() end -- an orphan: counted again from here
      current = tonumber(current)
      if hits_of(current) >= MAX_HITS then return nil end -- saturated: nothing to write
      if current < HIT then return HIT + inserted_of(current) end
      return current + HIT
    end,
    update = function(id) return nil end,
    victim = function()
      local sample = redis.call('ZRANDMEMBER', K_INDEX, SAMPLE, 'WITHSCORES')
      if #sample == 0 then return nil end
      local now = tonumber(redis.call('HGET', K_META, 'seq') or '0')
      local victim, lowest, oldest
      for i = 1, #sample, 2 do
        local score = tonumber(sample[i + 1])
        local inserted = inserted_of(score)
        local priority = hits_of(score) / (now - inserted + 1)
        if not victim or priority < lowest or (priority == lowest and inserted < oldest) then
          victim, lowest, oldest = sample[i], priority, inserted
        end
      end
      redis.call('ZREM', K_INDEX, victim)
      return victim
    end,
    rescored = function(position) return position end,
    seq_of = function(score) return inserted_of(score) end,
  })
end
