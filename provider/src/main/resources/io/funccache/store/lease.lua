-- lease: a read that, on a miss, lets exactly one client compute the value (single flight, and
-- invoke on a missing entry), in K_LEASES.
-- ARGV[OP] entry (see entry in lib.lua), ARGV[OP+1] owner, ARGV[OP+2] lease length (ms),
-- ARGV[OP+3] access expiry code (for a hit), ARGV[OP+4] '1' when a hit is only peeked at (no
-- policy score, expiry or ttl change: invoke decides the access later), else absent.
-- Returns { value or nil, state } where state is 'hit', 'owner' (compute, then fulfil) or
-- 'wait' (another client holds a live lease).
local id, key = entry(ARGV[OP])
local owner = ARGV[OP + 1]
local lease_ms, access_code = tonumber(ARGV[OP + 2]), tonumber(ARGV[OP + 3])
local peek_only = ARGV[OP + 4] == '1'
local value = read_live(id, key)
if value then
  if not peek_only then
    on_hit(id, access_code)
    touch()
  end
  return { value, 'hit' }
end
local held = redis.call('HGET', K_LEASES, key)
if held then
  local bar = string.find(held, '|', 1, true)
  local holder, deadline = string.sub(held, 1, bar - 1), tonumber(string.sub(held, bar + 1))
  if deadline > now() and holder ~= owner then
    return { false, 'wait' }
  end
end
redis.call('HSET', K_LEASES, key, owner .. '|' .. fmt(now() + lease_ms))
-- The hash outlives its newest lease, and no more: leases of clients that died (never released)
-- go with it, and a live lease is never cut short.
if redis.call('PTTL', K_LEASES) < lease_ms then redis.call('PEXPIRE', K_LEASES, lease_ms) end
return { false, 'owner' }
