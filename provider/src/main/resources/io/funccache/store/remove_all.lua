-- removeAll(keys): ARGV[OP..] entries (see entry in lib.lua).
-- Returns { removed, expired, then previous value or nil per id when asked }.
sweep()
local removed = 0
local previous_values = {}
for i = OP, #ARGV do
  local id, key = entry(ARGV[i])
  local current = read_live(id, key)
  if current then
    drop(id)
    removed = removed + 1
    notify('R', key, false, current)
  end
  previous_values[#previous_values + 1] = previous(current)
end
if removed > 0 then touch() end
local result = { removed, expired_count }
if RETURN_PREVIOUS then
  for i = 1, #previous_values do result[2 + i] = previous_values[i] end
end
return result
