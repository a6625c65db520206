-- get: ARGV[OP] access expiry code, ARGV[OP+1] id.
-- Returns { value or nil, expired, deadline (ms) after the access or -1 for none or not asked }.
local access_code = tonumber(ARGV[OP])
local id = ARGV[OP + 1]
local value = read_live(id)
local deadline = -1
if value then
  on_hit(id, access_code)
  touch()
  if RETURN_DEADLINE then
    local at = redis.call('ZSCORE', K_DEADLINES, id)
    if at then deadline = tonumber(at) end
  end
end
return { value, expired_count, fmt(deadline) }
