-- put and its conditional forms.
-- ARGV[OP] mode: put | put_if_absent | replace | replace_if_equals
-- ARGV[OP+1] id, ARGV[OP+2] value, ARGV[OP+3] expected value (replace_if_equals), then the expiry
-- codes for creation, update and access, and optionally ARGV[OP+7] the owner of a lease on id
-- (taken by lease.lua) that this write ends, whatever its outcome: the lease is dropped in the
-- same call, if that owner still holds it.
-- Returns { outcome, previous value or nil, evicted, expired } where outcome is
--   0 absent, nothing written     1 present, nothing written (the access expiry applied)
--   2 created                     3 updated
--   4 creation expiry ZERO: not stored     5 update expiry ZERO: removed
local mode = ARGV[OP]
local id, value, expected = ARGV[OP + 1], ARGV[OP + 2], ARGV[OP + 3]
local create_code = tonumber(ARGV[OP + 4])
local update_code = tonumber(ARGV[OP + 5])
local access_code = tonumber(ARGV[OP + 6])
local lease_owner = ARGV[OP + 7]
if mode ~= 'put' and mode ~= 'put_if_absent' and mode ~= 'replace' and mode ~= 'replace_if_equals' then
  return redis.error_reply('FUNCCACHE unknown put mode ' .. tostring(mode))
end

sweep()
local current = read_live(id)
local outcome
if current then
  if mode == 'put_if_absent' then
    outcome = 1
  elseif mode == 'replace_if_equals' and current ~= expected then
    outcome = 1
    if not apply_expiry(id, access_code) then drop(id) end
  elseif update(id, value, update_code) then
    outcome = 3
  else
    outcome = 5
  end
elseif mode == 'replace' or mode == 'replace_if_equals' then
  outcome = 0
elseif insert(id, value, create_code) then
  outcome = 2
else
  outcome = 4
end
if outcome >= 2 then touch() end
notify_write(outcome, id, value, current)
if lease_owner then end_lease(id, lease_owner) end
return { outcome, previous(current), evicted_count, expired_count }
