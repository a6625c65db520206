-- RR: a random entry goes. Scores are all 0; nothing but inserts writes the index.
register_policy('RR', {
  ignores_now = true,
  insert = function(id) return 0 end,
  hit = function(id, current) return nil end,
  update = function(id) return nil end,
  victim = function()
    local victim = redis.call('ZRANDMEMBER', K_INDEX)
    if victim then redis.call('ZREM', K_INDEX, victim) end
    return victim
  end,
  rescored = function(position) return 0 end,
})
