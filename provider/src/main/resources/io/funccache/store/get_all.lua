-- getAll: ARGV[OP] access expiry code, ARGV[OP+1..] entries of distinct keys (see entry in
-- lib.lua).
-- Returns { expired, value or nil for each id in order }.
-- Batched: one HMGET per CHUNK ids and one policy update for all hits (score_hits), rather than
-- a single get's commands per id. Deadlines are looked up one by one only while some have passed.
local access_code = tonumber(ARGV[OP])
local result = { 0 }
local hits = {}
if #ARGV > OP then probe_deadlines() end
for from = OP + 1, #ARGV, CHUNK do
  local to = math.min(from + CHUNK - 1, #ARGV)
  -- ids and keys by ARGV's index; without long keys in the call both are ARGV (no copy).
  local ids, keys = ARGV, ARGV
  if DIGEST_ARGS then
    ids, keys = {}, {}
    for i = from, to do ids[i], keys[i] = entry(ARGV[i]) end
  end
  local values = redis.call('HMGET', K_VALUES, unpack(ids, from, to))
  for i = from, to do
    local id, key, value = ids[i], keys[i], values[i - from + 1]
    if value and id ~= key then
      value = long_value(key, value)
      -- Another key's entry under the same id: dropped, as a read of this key would.
      if not value then drop(id) end
    end
    if value and is_expired(id) then
      drop(id)
      expired_count = expired_count + 1
      value = false
    end
    if value then hits[#hits + 1] = id end
    result[#result + 1] = value
  end
end
if #hits > 0 then
  score_hits(hits)
  if access_code ~= -2 then
    for i = 1, #hits do
      if not apply_expiry(hits[i], access_code) then drop(hits[i]) end
    end
  end
  touch()
end
result[1] = expired_count
return result
