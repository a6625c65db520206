-- get: ARGV[OP] access expiry code, ARGV[OP+1] entry (see entry in lib.lua).
-- Returns { value or nil, expired, ms the entry has left to live after the access, or -1 for no
-- deadline or not asked }, or just { value or nil } when nothing expired and no time is reported
-- (the common case: a smaller reply). A remaining time, not a deadline: the reader's clock may not
-- be Redis's.
local access_code = tonumber(ARGV[OP])
local id, key = entry(ARGV[OP + 1])
local value = read_live(id, key)
local remaining = -1
if value then
  on_hit(id, access_code)
  touch()
  if RETURN_DEADLINE then
    local at = redis.call('ZSCORE', K_DEADLINES, id)
    if at then remaining = math.max(0, tonumber(at) - now()) end
  end
end
if expired_count == 0 and remaining == -1 then return { value } end
return { value, expired_count, remaining }
