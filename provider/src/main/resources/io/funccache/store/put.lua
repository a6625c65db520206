-- put and its conditional forms.
-- ARGV[OP] what to do, one argument: '<mode>:<creation>:<update>:<access>', the mode put |
-- put_if_absent | replace | replace_if_equals and the expiry codes for creation, update and access
-- (a cache sends few distinct ones: parsed once per library load, see put_spec in lib.lua);
-- ARGV[OP+1] entry (see entry in lib.lua), ARGV[OP+2] value, ARGV[OP+3] expected value
-- (replace_if_equals; absent or empty otherwise), and optionally ARGV[OP+4] the owner of a lease
-- on the key (taken by lease.lua) that this write ends, whatever its outcome: the lease is dropped
-- in the same call, if that owner still holds it.
-- Returns { outcome, previous value or nil, evicted, expired } where outcome is
--   0 absent, nothing written     1 present, nothing written (the access expiry applied)
--   2 created                     3 updated
--   4 creation expiry ZERO: not stored     5 update expiry ZERO: removed
local spec, failure = put_spec(ARGV[OP])
if not spec then return failure end
local mode = spec.mode
local id, key = entry(ARGV[OP + 1])
local value, expected = ARGV[OP + 2], ARGV[OP + 3] or ''
local create_code, update_code, access_code = spec.create, spec.update, spec.access
local lease_owner = ARGV[OP + 4]

sweep()
local current = read_live(id, key)
local outcome
if current then
  if mode == 'put_if_absent' then
    outcome = 1
  elseif mode == 'replace_if_equals' and current ~= expected then
    outcome = 1
    if not apply_expiry(id, access_code) then drop(id) end
  elseif update(id, key, value, update_code) then
    outcome = 3
  else
    outcome = 5
  end
elseif mode == 'replace' or mode == 'replace_if_equals' then
  outcome = 0
elseif insert(id, key, value, create_code) then
  outcome = 2
else
  outcome = 4
end
if outcome >= 2 then touch() end
notify_write(outcome, key, value, current)
if lease_owner then end_lease(key, lease_owner) end
return { outcome, previous(current), evicted_count, expired_count }
