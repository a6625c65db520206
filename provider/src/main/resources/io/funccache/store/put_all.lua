-- putAll: ARGV[OP] creation expiry code, ARGV[OP+1] update expiry code, then entry (see entry in lib.lua), value
-- pairs (distinct keys).
-- Returns { created, updated, evicted, expired } and, when previous values are asked for, per pair
-- its outcome (2 created, 3 updated, 4 not stored: creation ZERO, 5 removed: update ZERO) and its
-- previous value or nil.
-- Batched: sequence numbers are taken in one HINCRBY, and values and scores go to Redis in one
-- HSET and one ZADD per CHUNK pairs (earlier when an eviction needs the index as it stands).
local create_code = tonumber(ARGV[OP])
local update_code = tonumber(ARGV[OP + 1])
sweep()
if P.takes_seq then
  reserve_seq((#ARGV - OP - 1) / 2) -- at most one per pair
end
begin_batch()
local created, updated = 0, 0
local per_pair = {}
for i = OP + 2, #ARGV, 2 do
  local id, key = entry(ARGV[i])
  local value = ARGV[i + 1]
  local current = read_live(id, key)
  local outcome
  if current then
    if update(id, key, value, update_code) then
      updated = updated + 1
      outcome = 3
    else
      outcome = 5
    end
  elseif insert(id, key, value, create_code) then
    created = created + 1
    outcome = 2
  else
    outcome = 4
  end
  notify_write(outcome, key, value, current)
  if RETURN_PREVIOUS then
    per_pair[#per_pair + 1] = outcome
    per_pair[#per_pair + 1] = current
  end
end
end_batch()
if created + updated > 0 then touch() end
local result = { created, updated, evicted_count, expired_count }
for i = 1, #per_pair do result[4 + i] = per_pair[i] end
return result
