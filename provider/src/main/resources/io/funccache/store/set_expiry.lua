-- setExpiry: ARGV[OP] entry (see entry in lib.lua), ARGV[OP+1] expiry code. For custom expiry policies, whose durations the
-- client learns only after a read. ZERO removes the entry.
-- Returns { 1 if the entry was live, else 0 }.
local id, key = entry(ARGV[OP])
local code = tonumber(ARGV[OP + 1])
if not read_live(id, key) then return { 0 } end
if not apply_expiry(id, code) then drop(id) end
return { 1 }
