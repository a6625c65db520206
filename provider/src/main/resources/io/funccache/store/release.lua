-- release: ARGV[OP] id, ARGV[OP+1] owner. Drops the owner's lease (after it stored the value,
-- or gave up). Another client's lease is left alone. Returns { 1 if released, else 0 }.
local K_LEASES = KEYS[5]
local id, owner = ARGV[OP], ARGV[OP + 1]
local held = redis.call('HGET', K_LEASES, id)
if held and string.sub(held, 1, #owner + 1) == owner .. '|' then
  redis.call('HDEL', K_LEASES, id)
  return { 1 }
end
return { 0 }
