-- clear / removeAll(): drops every entry, keeps the metadata.
-- Returns { live entries removed }.
local live = redis.call('HLEN', K_VALUES) - redis.call('ZCOUNT', K_DEADLINES, '-inf', fmt(now()))
redis.call('UNLINK', K_INDEX, K_VALUES, K_DEADLINES, K_RESCORE)
notify('Z', '', false, false)
return { live }
