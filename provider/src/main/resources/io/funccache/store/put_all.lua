-- putAll: ARGV[OP] creation expiry code, ARGV[OP+1] update expiry code, then id, value pairs.
-- Returns { created, updated, evicted, expired, then previous value or nil per pair when asked }.
local create_code = tonumber(ARGV[OP])
local update_code = tonumber(ARGV[OP + 1])
sweep()
local created, updated = 0, 0
local previous_values = {}
for i = OP + 2, #ARGV, 2 do
  local id, value = ARGV[i], ARGV[i + 1]
  local current = read_live(id)
  if current then
    if update(id, value, update_code) then updated = updated + 1 end
  elseif insert(id, value, create_code) then
    created = created + 1
  end
  previous_values[#previous_values + 1] = previous(current)
end
if created + updated > 0 then touch() end
local result = { created, updated, evicted_count, expired_count }
if RETURN_PREVIOUS then
  for i = 1, #previous_values do result[4 + i] = previous_values[i] end
end
return result
