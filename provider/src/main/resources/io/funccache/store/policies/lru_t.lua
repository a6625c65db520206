-- LRU_T: LRU on Redis's clock. Score: the time (ms) of the last use; no sequence to keep, so a hit
-- is one ZADD. Uses within one millisecond tie, and ties go in member order.
register_policy('LRU_T', {
  insert = function(id) return NOW end,
  hit = function(id, current) return NOW end,
  update = function(id) return NOW end,
  victim = function() return redis.call('ZPOPMIN', K_INDEX)[1] end,
  rescored = function(position) return NOW + position end,
})
