-- peek: ARGV[OP..] entries (see entry in lib.lua). Reads values without using them: no policy
-- score, no expiry or ttl change. For decisions made in the client before a write (writers,
-- entry processors, custom expiry policies). Returns { expired, value or nil for each entry }.
local values = {}
for i = OP, #ARGV do values[#values + 1] = read_live(entry(ARGV[i])) end
local result = { expired_count }
for i = 1, #values do result[i + 1] = values[i] end
return result
