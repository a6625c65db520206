-- MRU: as LRU, but the most recently used entry goes first (cyclic scans larger than the cache).
register_policy('MRU', {
  ignores_now = true,
  takes_seq = true,
  insert = function(id) return next_seq() end,
  hit = function(id, current) return next_seq() end,
  update = function(id) return next_seq() end,
  victim = function() return redis.call('ZPOPMAX', K_INDEX)[1] end,
  -- Below every other score: for MRU, the last to go.
  rescored = function(position) return position end,
  seq_of = function(score) return score end,
})
