-- One page of iteration: ARGV[OP] cursor, ARGV[OP+1] page size hint, ARGV[OP+2] access expiry code.
-- Entries returned count as accessed (their access expiry applies) but keep their policy score:
-- iterating a cache must not make every entry look recently used.
-- Returns { next cursor, expired, key, value, key, value, ... }.
local cursor, count = ARGV[OP], ARGV[OP + 1]
local access_code = tonumber(ARGV[OP + 2])
local page = redis.call('HSCAN', K_VALUES, cursor, 'COUNT', count)
local result = { page[1], 0 }
local fields = page[2]
for i = 1, #fields, 2 do
  local id = fields[i]
  local key, value = key_and_value(id, fields[i + 1])
  if not key then
    -- Stored by an earlier layout that this one cannot read (see entry in lib.lua): no entry to anyone.
    drop(id)
  elseif is_expired(id) then
    drop(id)
    expired_count = expired_count + 1
  else
    if not apply_expiry(id, access_code) then drop(id) end
    result[#result + 1] = key
    result[#result + 1] = value
  end
end
result[2] = expired_count
return result
