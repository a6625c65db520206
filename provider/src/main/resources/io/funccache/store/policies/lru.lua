-- LRU: every hit and update makes an entry the most recent; the least recent goes first.
-- Score: the sequence number of the entry's last use.
register_policy('LRU', {
  ignores_now = true,
  takes_seq = true,
  insert = function(id) return next_seq() end,
  hit = function(id, current) return next_seq() end,
  update = function(id) return next_seq() end,
  victim = function() return redis.call('ZPOPMIN', K_INDEX)[1] end,
  rescored = function(position) return position end,
  seq_of = function(score) return score end,
})
