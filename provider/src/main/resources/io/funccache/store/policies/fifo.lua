-- FIFO: the oldest insert goes first; neither hits nor updates change the order, so a hit writes
-- nothing. Score: the insert's sequence number.
register_policy('FIFO', {
  ignores_now = true,
  takes_seq = true,
  insert = function(id) return next_seq() end,
  hit = function(id, current) return nil end,
  update = function(id) return nil end,
  victim = function() return redis.call('ZPOPMIN', K_INDEX)[1] end,
  rescored = function(position) return position end,
  seq_of = function(score) return score end,
})
