-- remove: ARGV[OP] mode (remove | remove_if_equals), ARGV[OP+1] entry (see entry in lib.lua), ARGV[OP+2] expected value,
-- ARGV[OP+3] access expiry code (applied when remove_if_equals finds another value).
-- Returns { outcome, previous value or nil, expired } where outcome is
--   0 absent   1 present, not removed   2 removed
local mode = ARGV[OP]
local id, key = entry(ARGV[OP + 1])
local expected = ARGV[OP + 2]
local access_code = tonumber(ARGV[OP + 3])
if mode ~= 'remove' and mode ~= 'remove_if_equals' then
  return redis.error_reply('FUNCCACHE unknown remove mode ' .. tostring(mode))
end

sweep()
local current = read_live(id, key)
local outcome = 0
if current then
  if mode == 'remove_if_equals' and current ~= expected then
    outcome = 1
    if not apply_expiry(id, access_code) then drop(id) end
  else
    drop(id)
    outcome = 2
    touch()
    notify('R', key, false, current)
  end
end
return { outcome, previous(current), expired_count }
