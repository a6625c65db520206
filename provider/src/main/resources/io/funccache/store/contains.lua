-- containsKey: ARGV[OP] entry (a key, or a long key's id and key: see entry in lib.lua).
-- Not a use: no policy score, no expiry or ttl change.
-- Returns { 1 or 0, expired }.
local found = 0
if read_live(entry(ARGV[OP])) then found = 1 end
return { found, expired_count }
