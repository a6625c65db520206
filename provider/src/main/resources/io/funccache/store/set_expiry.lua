-- setExpiry: ARGV[OP] key, ARGV[OP+1] expiry code. For custom expiry policies, whose durations the
-- client learns only after a read. ZERO removes the entry.
-- Returns { 1 if the entry was live, else 0 }.
local key, code = ARGV[OP], tonumber(ARGV[OP + 1])
local id = entry_id(key)
if not read_live(id, key) then return { 0 } end
if not apply_expiry(id, code) then drop(id) end
return { 1 }
