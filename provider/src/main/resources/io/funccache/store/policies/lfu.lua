-- LFU: the least used entry goes first; ties go to the least recently used.
-- Score: count * 2^32 + (sequence mod 2^32), one exact double; counts saturate at 2^21 - 1.
do
  local SHIFT = 4294967296
  local MAX_COUNT = 2097151
  register_policy('LFU', {
    takes_seq = true,
    needs_current = true,
    insert = function(id) return SHIFT + (next_seq() % SHIFT) end,
    hit = function(id, current)
      -- No score: an orphan value (the index was lost), counted again from its first hit.
      local count = current and math.floor(tonumber(current) / SHIFT) or 0
      if count < MAX_COUNT then count = count + 1 end
      return count * SHIFT + (next_seq() % SHIFT)
    end,
    update = function(id) return nil end,
    victim = function() return redis.call('ZPOPMIN', K_INDEX)[1] end,
    -- A count of 0: below every entry used under LFU.
    rescored = function(position) return SHIFT + position end,
  })
end
