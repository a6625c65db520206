-- release: ARGV[OP] key, ARGV[OP+1] owner. Drops the owner's lease (after it stored the value,
-- or gave up). Another client's lease is left alone. Returns { 1 if released, else 0 }.
if end_lease(ARGV[OP], ARGV[OP + 1]) then return { 1 } end
return { 0 }
