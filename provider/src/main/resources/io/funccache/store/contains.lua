-- containsKey: ARGV[OP] key. Not a use: no policy score, no expiry or ttl change.
-- Returns { 1 or 0, expired }.
local found = 0
if read_live(entry_id(ARGV[OP]), ARGV[OP]) then found = 1 end
return { found, expired_count }
