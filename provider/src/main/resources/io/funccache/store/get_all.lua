-- getAll: ARGV[OP] access expiry code, ARGV[OP+1..] ids.
-- Returns { expired, value or nil for each id in order }.
local access_code = tonumber(ARGV[OP])
local values = {}
local any_hit = false
for i = OP + 1, #ARGV do
  local id = ARGV[i]
  local value = read_live(id)
  if value then
    on_hit(id, access_code)
    any_hit = true
  end
  values[#values + 1] = value
end
if any_hit then touch() end
local result = { expired_count }
for i = 1, #values do result[i + 1] = values[i] end
return result
