-- destroyCache: every key of the cache. Returns { 1 if the cache had data, else 0 }.
notify('Z', '', false, false)
local gone = redis.call('UNLINK', K_INDEX, K_VALUES, K_DEADLINES, K_META, K_RESCORE, K_LEASES, K_STATE, K_STATE2)
return { gone > 0 and 1 or 0 }
