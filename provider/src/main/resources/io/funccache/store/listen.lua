-- listen: ARGV[OP] how long (ms) this JVM's listeners should hear about other JVMs' writes.
-- Extends 'listeners_until' (never shortens it: another JVM may listen longer).
-- Returns { the deadline now in force }.
local wanted = now() + tonumber(ARGV[OP])
local current = tonumber(redis.call('HGET', K_META, 'listeners_until') or '0')
if wanted > current then
  redis.call('HSET', K_META, 'listeners_until', fmt(wanted))
  current = wanted
end
return { fmt(current) }
