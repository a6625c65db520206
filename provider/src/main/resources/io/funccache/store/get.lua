-- get: ARGV[OP] access expiry code, ARGV[OP+1] id.
-- Returns { value or nil, expired }.
local access_code = tonumber(ARGV[OP])
local id = ARGV[OP + 1]
local value = read_live(id)
if value then
  on_hit(id, access_code)
  touch()
end
return { value, expired_count }
