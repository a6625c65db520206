-- release: ARGV[OP] entry (see entry in lib.lua), ARGV[OP+1] owner. Drops the owner's lease
-- (after it stored the value, or gave up). Another client's lease is left alone.
-- Returns { 1 if released, else 0 }.
local _, key = entry(ARGV[OP])
if end_lease(key, ARGV[OP + 1]) then return { 1 } end
return { 0 }
