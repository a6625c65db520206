-- funccache shared script library. Each operation's file is a function body over it; each
-- eviction policy is a file of its own (policies/*.lua, after this one in the same chunk) that
-- registers its scores and victim choice with register_policy. Redis 7 gets them all as one
-- function library (FUNCTION LOAD, then FCALL: this file runs once per load); older servers get,
-- for each operation, this file + the policies + "begin(KEYS, ARGV)" + the operation's file as a
-- script (EVALSHA). See Script.java.
--
-- KEYS: 1 index (sorted set: id -> policy score), 2 values (hash: id -> encoded value; the id is
--       the encoded key, or a digest of a long one: see entry),
--       3 deadlines (sorted set: id -> expiry deadline, ms), 4 metadata (hash),
--       5 and 6 the policy's own state (any type: a sketch, a ghost list), 7 leases (hash: key ->
--       owner '|' deadline ms; see lease.lua), 8 entries still to re-score after a policy change
--       (sorted set: id -> old score; see bind.lua).
--       A call declares only the keys it may touch (each declared key costs Redis work on every
--       call): 1-4 always; 5 and 6 when the policy has state (has_state); 7 and 8 only for the
--       operations that use them (leases, re-scoring, destroy). See CacheStore.
-- ARGV header (layout version 2):
--   1 the constant part, one argument: '2:<flags>:<maxSize>:<ttl>:<policy>:<origin>'
--     flags: bit 1 return previous values; bit 2 a read reports the entry's remaining lifetime;
--            bit 4 ARGV[2] is "now" (ms, an injected clock); without it the call goes by Redis's
--            own clock (TIME, so every client agrees on it), read only if the call needs it;
--            bit 8 some entry argument is a long key's digest id followed by the key (see entry)
--     maxSize: 0 = unbounded; ttl: the whole-cache ttl in ms, 0 = none
--     origin: the writing client's id, carried in published events so it can skip its own (last:
--            it may hold any byte)
--   2 now, with flag 4 only
-- Operation arguments start at ARGV[OP]: 2, or 3 with flag 4.
-- Expiry codes: -2 keep the current deadline, -1 eternal, 0 expire at once, n > 0 live n ms.

-- The state of the current call. Under EVALSHA this file runs for every call; in the function
-- library it runs once at load, so begin() sets everything a call reads before the call starts.
local K_INDEX, K_VALUES, K_DEADLINES, K_META, K_LEASES, K_RESCORE, K_STATE, K_STATE2
-- POLICY: the policy's name; P: its functions (see register_policy). NOW: the call's time in ms,
-- nil until read (see now()).
local P, POLICY, MAX_SIZE, NOW, TTL, TTL_ARG, ORIGIN
local RETURN_PREVIOUS, RETURN_DEADLINE, DIGEST_ARGS
local OP = 2
local expired_count, evicted_count = 0, 0
-- Steps taken this call to make room for inserts (bounded: see ROOM_STEPS_PER_CALL).
local room_steps = 0
-- What this call knows about the deadlines key: 'none' (it does not exist: no entry can expire),
-- 'future' (no deadline is <= NOW), nil (not known). Lets writes to caches without per-entry
-- expiry skip every deadline lookup; NOW is fixed for the call, so what it knows stays true.
local deadlines_state = nil
-- Sequence numbers taken ahead by reserve_seq and not handed out yet: seq_next..seq_last.
local seq_next, seq_last = 0, -1
-- Batched writes (put_all): values and index scores waiting for one HSET / ZADD, and how many of
-- the waiting values are new entries. nil: every write goes to Redis at once.
local pending_values, pending_scores, pending_new = nil, nil, 0
-- Whether some JVM listens for events (nil: not looked up yet in this call).
local listening = nil

-- Policies by name, filled by the policy files (policies/*.lua) when the library loads.
local POLICIES = {}

-- A policy's interface (docs/policies.md): insert(id) -> score of a new entry; hit(id, current)
-- and update(id) -> new score, or nil to write nothing; victim() -> takes the policy's victim out
-- of the index and returns its id (nil: empty); rescored(position) -> the score of an entry given
-- its place again after a policy change (position -n..-1, oldest first; below every other score).
-- Optional: seq_of(score) -> the sequence number in a score (the sequence resumes above the
-- highest score's when the metadata was lost); segments: for scores of segment * base +
-- sequence, each segment's lowest score, ascending (the sequence then resumes above every
-- segment's newest entry, not only the highest score's); takes_seq: each insert, hit or update
-- takes at most one sequence number (batches take them in one step); needs_current: hit gets the
-- entry's index score; unbatched: scores are written at once (the policy reads or moves other
-- entries); version: a new version re-scores a cache like a change of policy; has_state: the
-- policy keeps state in K_STATE / K_STATE2 (the calls then declare them); ignores_now: no
-- function of the policy reads NOW (a call that needs no time then reads no clock; without it
-- NOW is read as each call starts); begin(): called as each call starts (a policy's per-call
-- state is reset there: in the function library, file-level locals outlive a call).
-- Runs while the library loads, where Lua's base functions (type, error) are not available: what is
-- missing is recorded, and a call under that policy fails with it (begin).
local function register_policy(name, policy)
  local required_functions = { 'insert', 'hit', 'update', 'victim', 'rescored' }
  for i = 1, #required_functions do
    if not policy[required_functions[i]] then
      policy.missing = required_functions[i]
    end
  end
  policy.name = name
  -- What the metadata records, so that a cache bound under another version is re-scored.
  policy.identity = (policy.version and policy.version > 1) and (name .. '/' .. policy.version) or name
  POLICIES[name] = policy
end

local LAYOUT = '2'
-- How entries are stored (the metadata's 'layout', written by bind): 3 since keys over LONG_KEY
-- bytes are stored under a digest id (below); 2 stored every key as its own id.
local DATA_LAYOUT = '3'

-- A number as Redis wants it: all digits, no exponent.
local function fmt(n)
  return string.format('%.0f', n)
end

-- The call's time, ms. Redis's clock is read once per call, at the first need: a call that never
-- compares a deadline or stamps a time (most hits) does without TIME. Fixed for the call.
local function now()
  if not NOW then
    local time = redis.call('TIME')
    NOW = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  end
  return NOW
end

-- Parsed headers by their text. In the function library this table outlives a call, so a cache's
-- header (constant but for its flags) is parsed once per load; under EVALSHA it starts empty at
-- every call. Bounded: emptied when full.
local HEADERS, header_count = {}, 0
local HEADER_CACHE_LIMIT = 1024

-- The header's constant part, parsed. Returns it, or nil and an error reply.
local function parse_header(text)
  local given = text and string.match(text, '^[^:]*')
  if given ~= LAYOUT then
    return nil, redis.error_reply('FUNCCACHE argument layout ' .. tostring(given)
      .. ' is not supported (expected ' .. LAYOUT .. ')')
  end
  local flags, max_size, ttl, policy, origin =
    string.match(text, '^[^:]*:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$')
  local p = POLICIES[policy]
  if not p then
    return nil, redis.error_reply('FUNCCACHE unknown policy ' .. tostring(policy))
  end
  if p.missing then
    return nil, redis.error_reply('FUNCCACHE policy ' .. policy .. ' has no ' .. p.missing .. ' function')
  end
  flags, max_size, ttl = tonumber(flags), tonumber(max_size), tonumber(ttl)
  if not max_size or not ttl or not flags then
    return nil, redis.error_reply('FUNCCACHE malformed argument header')
  end
  return {
    p = p, policy = policy, max_size = max_size, ttl = ttl, ttl_arg = fmt(ttl), origin = origin,
    return_previous = flags % 2 == 1, return_deadline = math.floor(flags / 2) % 2 == 1,
    given_now = math.floor(flags / 4) % 2 == 1, digest_args = math.floor(flags / 8) % 2 == 1,
  }
end

-- put.lua's first argument, '<mode>:<creation>:<update>:<access>', parsed: like headers, once
-- per library load (a cache sends few distinct ones). Returns it, or nil and an error reply.
local PUT_SPECS, put_spec_count = {}, 0
local PUT_MODES = { put = true, put_if_absent = true, replace = true, replace_if_equals = true }

local function put_spec(text)
  local spec = text and PUT_SPECS[text]
  if spec then return spec end
  local mode, create, update, access = string.match(text or '', '^([^:]*):([^:]*):([^:]*):([^:]*)$')
  if not PUT_MODES[mode or ''] then
    return nil, redis.error_reply('FUNCCACHE unknown put mode ' .. tostring(mode or text))
  end
  spec = { mode = mode, create = tonumber(create), update = tonumber(update), access = tonumber(access) }
  if not spec.create or not spec.update or not spec.access then
    return nil, redis.error_reply('FUNCCACHE malformed put arguments ' .. text)
  end
  if put_spec_count >= HEADER_CACHE_LIMIT then PUT_SPECS, put_spec_count = {}, 0 end
  PUT_SPECS[text], put_spec_count = spec, put_spec_count + 1
  return spec
end

-- Reads the header. Returns an error reply for a header no script can work with, else nil.
local function begin(keys, argv)
  local text = argv[1]
  local header = text and HEADERS[text]
  if not header then
    local failure
    header, failure = parse_header(text)
    if not header then return failure end
    if header_count >= HEADER_CACHE_LIMIT then HEADERS, header_count = {}, 0 end
    HEADERS[text], header_count = header, header_count + 1
  end
  K_INDEX, K_VALUES, K_DEADLINES, K_META = keys[1], keys[2], keys[3], keys[4]
  K_STATE, K_STATE2, K_LEASES, K_RESCORE = keys[5], keys[6], keys[7], keys[8]
  P, POLICY, MAX_SIZE, ORIGIN = header.p, header.policy, header.max_size, header.origin
  TTL, TTL_ARG = header.ttl, header.ttl_arg
  RETURN_PREVIOUS, RETURN_DEADLINE = header.return_previous, header.return_deadline
  DIGEST_ARGS = header.digest_args
  if P.has_state and not K_STATE2 then
    return redis.error_reply('FUNCCACHE policy ' .. POLICY .. ' keeps state of its own (has_state):'
      .. ' the call must declare its state keys (KEYS[5], KEYS[6])')
  end
  if header.given_now then
    NOW, OP = tonumber(argv[2]), 3
    if not NOW then return redis.error_reply('FUNCCACHE malformed argument header') end
  else
    NOW, OP = nil, 2
    -- A policy may read NOW in any of its functions, unless it says it never does.
    if not P.ignores_now then now() end
  end
  if P.begin then P.begin() end
  expired_count, evicted_count, listening, deadlines_state, room_steps = 0, 0, nil, nil, 0
  seq_next, seq_last = 0, -1
  pending_values, pending_scores, pending_new = nil, nil, 0
  return nil
end

-- Expired entries swept by each write; bounded so that no call does unbounded work.
local SWEEP_LIMIT = 16
-- Ids per command when a script sends many at once: bounded, so unpack stays within Lua's stack.
local CHUNK = 200

-- Redis evicts or expires whole keys (an allkeys-* or volatile-* maxmemory-policy): a cache can
-- lose its index (its values become orphans, with no place in the policy's order), its values
-- (the index keeps ghosts) or its metadata (the sequence starts again). The operations that meet
-- such a state repair it a bounded number of steps at a time and never fail on it.
-- Evictions (or expired entries dropped) to make room, per insert and per call. Normally an insert
-- needs one; more only when the cache is over its bound (maxSize was lowered by another JVM),
-- and then the excess goes over later calls instead of in one long one.
local ROOM_STEPS_PER_INSERT = 64
local ROOM_STEPS_PER_CALL = 2000
-- Ghost index members an eviction may pop and discard before it gives up for this call.
local GHOST_LIMIT = 16
-- Values an eviction looks at for an orphan, when the index holds fewer members than values.
local ORPHAN_SAMPLE = 64

-- The sequence number in the highest score (0: an empty index).
local function top_seq(seq_of)
  local top = redis.call('ZRANGE', K_INDEX, -1, -1, 'WITHSCORES')
  return #top == 2 and seq_of(tonumber(top[2])) or 0
end

-- For a policy whose score puts segments above each other (segment * base + sequence): the
-- highest sequence number in any segment, each segment's newest entry read from the index.
-- bases: the segments' lowest scores, ascending; seq_of: the sequence in a score.
local function segments_last_seq(bases, seq_of)
  local last = 0
  for i = 1, #bases do
    local below = bases[i + 1] and ('(' .. fmt(bases[i + 1])) or '+inf'
    local top = redis.call('ZREVRANGEBYSCORE', K_INDEX, below, fmt(bases[i]), 'WITHSCORES',
      'LIMIT', 0, 1)
    if #top == 2 then last = math.max(last, seq_of(tonumber(top[2]))) end
  end
  return last
end

-- Takes count sequence numbers; returns the last. A sequence that starts again while the index
-- holds entries (the metadata key was lost) resumes above the highest score, so new entries do not
-- rank as older than old ones (for policies whose scores hold the sequence: seq_of).
local function take_seq(count)
  -- A string argument: Redis would format a Lua number with snprintf, on every hit.
  local last = redis.call('HINCRBY', K_META, 'seq', count == 1 and '1' or fmt(count))
  if last == count and P.seq_of then
    local seq = P.segments and segments_last_seq(P.segments, P.seq_of) or top_seq(P.seq_of)
    seq = math.floor(seq)
    if seq >= 1 then last = redis.call('HINCRBY', K_META, 'seq', seq) end
  end
  return last
end

local function next_seq()
  if seq_next <= seq_last then
    seq_next = seq_next + 1
    return seq_next - 1
  end
  return take_seq(1)
end

-- Takes count sequence numbers in one HINCRBY; next_seq hands them out in order. Unused ones
-- leave a gap, which no policy notices (only the order of the numbers matters).
local function reserve_seq(count)
  if count <= 0 then return end
  local last = take_seq(count)
  seq_next, seq_last = last - count + 1, last
end

-- Entries --------------------------------------------------------------------------------------
-- The client names an entry by its encoded key. A key of up to LONG_KEY bytes that does not
-- start with byte 255 is its own id in the index, the values and the deadlines. Any other has a
-- 25-byte id, byte 255 and 24 hex digits of the key's SHA-1, which the client computes and sends
-- before the key, in one argument (header flag 8; EntryIds.java); its value is stored as
-- '<key length>:<key><value>', so the key is kept once instead of in every structure, and reads
-- check it (two keys sharing an id: the older entry is dropped when the newer is met, as if
-- evicted). An id starting with byte 255 is a digest, any other is the key itself.
local LONG_KEY = 64
local DIGEST_ID = 25

-- An entry argument's id and key.
local function entry(arg)
  if DIGEST_ARGS and string.byte(arg) == 255 then
    return string.sub(arg, 1, DIGEST_ID), string.sub(arg, DIGEST_ID + 1)
  end
  return arg, arg
end

local function stored_form(id, key, value)
  if id == key then return value end
  return #key .. ':' .. key .. value
end

-- The value of key's entry, from what Redis holds under its id (not key's own): nil when the id
-- holds another key's entry. Plain finds at a known place: no pattern, no copy of the key.
local function long_value(key, stored)
  local header = #key .. ':'
  local from = #header + 1
  if string.find(stored, header, 1, true) ~= 1 or string.find(stored, key, from, true) ~= from then
    return nil
  end
  return string.sub(stored, from + #key)
end

-- An id and what Redis holds under it, as the entry's key and value; nil for an entry this layout
-- cannot read (a long key stored whole by data layout 2).
local function key_and_value(id, stored)
  if string.byte(id) ~= 255 then
    if #id > LONG_KEY then return nil end
    return id, stored
  end
  local length, from = string.match(stored, '^(%d+):()')
  if not length then return nil end
  return string.sub(stored, from, from + length - 1), string.sub(stored, from + length)
end

-- Removes an entry's value and deadline, for an entry whose index member is already gone.
local function drop_rest(id)
  redis.call('HDEL', K_VALUES, id)
  if deadlines_state ~= 'none' then redis.call('ZREM', K_DEADLINES, id) end
end

local function drop(id)
  redis.call('ZREM', K_INDEX, id)
  drop_rest(id)
end

-- One look at the earliest deadline tells whether any entry has one and whether any has passed.
local function probe_deadlines()
  -- Numbers as strings: Redis would format Lua numbers with snprintf, at every write.
  local first = redis.call('ZRANGE', K_DEADLINES, '0', '0', 'WITHSCORES')
  if #first == 0 then
    deadlines_state = 'none'
  elseif tonumber(first[2]) > now() then
    deadlines_state = 'future'
  end
  return deadlines_state
end

-- Whether this call knows that no deadline has passed (none exists, or all are later than NOW).
local function none_passed()
  return deadlines_state == 'none' or deadlines_state == 'future'
end

local function is_expired(id)
  if none_passed() then return false end
  local deadline = redis.call('ZSCORE', K_DEADLINES, id)
  return deadline and tonumber(deadline) <= now()
end

-- Sets the deadline an expiry code asks for. Returns false when the entry must go at once.
local function apply_expiry(id, code)
  if code == -2 then
    return true
  elseif code == -1 then
    if deadlines_state ~= 'none' then redis.call('ZREM', K_DEADLINES, id) end
    return true
  elseif code == 0 then
    return false
  end
  redis.call('ZADD', K_DEADLINES, fmt(now() + code), id)
  -- NOW + code > NOW: what was known about passed deadlines still holds.
  if deadlines_state == 'none' then deadlines_state = 'future' end
  return true
end

local function sweep_expired(limit)
  if none_passed() then return 0 end
  local ids = redis.call('ZRANGEBYSCORE', K_DEADLINES, '-inf', fmt(now()), 'LIMIT', 0, limit)
  for i = 1, #ids do drop(ids[i]) end
  return #ids
end

-- The value of key's live entry (under id), or false. An expired entry met here is dropped and
-- counted; so is another key's entry sharing the id (not counted: it was not live for key).
local function read_live(id, key)
  local value = redis.call('HGET', K_VALUES, id)
  if not value then return false end
  if id ~= key then value = long_value(key, value) end
  if not value then
    drop(id)
    return false
  end
  if is_expired(id) then
    drop(id)
    expired_count = expired_count + 1
    return false
  end
  return value
end

-- Evicts one entry from a cache holding size values: an orphan value first (it has lost its place
-- in the policy's order), else the policy's victim, discarding ghosts on the way. Returns false
-- when GHOST_LIMIT ghosts left no victim: the bound is then restored by later calls.
local function evict_one(size)
  if redis.call('ZCARD', K_INDEX) < size then
    local sample = redis.call('HRANDFIELD', K_VALUES, ORPHAN_SAMPLE)
    if #sample > 0 then
      local scores = redis.call('ZMSCORE', K_INDEX, unpack(sample))
      for i = 1, #sample do
        if not scores[i] then
          drop_rest(sample[i])
          return true
        end
      end
    end
  end
  for _ = 1, GHOST_LIMIT do
    local victim = P.victim()
    if not victim then return false end
    local had_value = redis.call('HDEL', K_VALUES, victim) == 1
    if deadlines_state ~= 'none' then redis.call('ZREM', K_DEADLINES, victim) end
    if had_value then return true end
  end
  return false
end

-- Batched writes ------------------------------------------------------------------------------

local function flush_writes()
  if not pending_values then return end
  if #pending_values > 0 then
    redis.call('HSET', K_VALUES, unpack(pending_values))
    pending_values, pending_new = {}, 0
  end
  if #pending_scores > 0 then
    redis.call('ZADD', K_INDEX, unpack(pending_scores))
    pending_scores = {}
  end
end

-- Until end_batch, writes wait (flushed every CHUNK, and before an eviction, which must see
-- every score).
local function begin_batch()
  pending_values, pending_scores, pending_new = {}, {}, 0
end

local function end_batch()
  flush_writes()
  pending_values, pending_scores = nil, nil
end

local function write_value(id, key, value, is_new)
  if not pending_values then
    redis.call('HSET', K_VALUES, id, stored_form(id, key, value))
    return
  end
  pending_values[#pending_values + 1] = id
  pending_values[#pending_values + 1] = stored_form(id, key, value)
  if is_new then pending_new = pending_new + 1 end
  if #pending_values >= 2 * CHUNK then flush_writes() end
end

local function write_score(id, score)
  if not pending_scores or P.unbatched then
    redis.call('ZADD', K_INDEX, fmt(score), id)
    return
  end
  pending_scores[#pending_scores + 1] = fmt(score)
  pending_scores[#pending_scores + 1] = id
  if #pending_scores >= 2 * CHUNK then flush_writes() end
end

-- Frees one place for a new entry. Expired entries go first: they never cost a live entry its place.
local function make_room()
  -- Unbounded: nothing to make room for, and ghosts there cost memory only (nothing evicts).
  if MAX_SIZE <= 0 then return end
  local values = redis.call('HLEN', K_VALUES)
  -- (An unbatched policy's scores are in the index already while a batch's values still wait.)
  if values == 0 and (pending_new == 0 or not P.unbatched) and redis.call('ZCARD', K_INDEX) > 0 then
    -- No values but an index: the values key was lost, so every member is a ghost.
    redis.call('UNLINK', K_INDEX, K_DEADLINES)
    deadlines_state = 'none'
  end
  local size = values + pending_new
  if size < MAX_SIZE then return end
  -- Victims are chosen by the scores in Redis: everything waiting goes there first.
  flush_writes()
  local steps = 0
  while size >= MAX_SIZE and steps < ROOM_STEPS_PER_INSERT and room_steps < ROOM_STEPS_PER_CALL do
    steps, room_steps = steps + 1, room_steps + 1
    if sweep_expired(1) == 1 then
      expired_count = expired_count + 1
    elseif evict_one(size) then
      evicted_count = evicted_count + 1
    else
      return
    end
    size = size - 1
  end
end

-- Writes start here: expired entries go, up to SWEEP_LIMIT of them.
local function sweep()
  if probe_deadlines() == nil then
    expired_count = expired_count + sweep_expired(SWEEP_LIMIT)
  end
end

-- A hit: the policy sees the use and the access expiry applies (ZERO: served once, then gone).
local function on_hit(id, access_code)
  local score = P.hit(id, P.needs_current and redis.call('ZSCORE', K_INDEX, id) or nil)
  if score then redis.call('ZADD', K_INDEX, fmt(score), id) end
  if not apply_expiry(id, access_code) then drop(id) end
end

-- on_hit's policy part for many hits, in their order: the sequence numbers in one increment, and
-- one ZADD (and, for a policy that needs the current scores, one ZMSCORE) per CHUNK ids. The ids
-- must be distinct.
local function score_hits(ids)
  if P.takes_seq then reserve_seq(#ids) end
  begin_batch()
  for from = 1, #ids, CHUNK do
    local to = math.min(from + CHUNK - 1, #ids)
    local current = {}
    if P.needs_current then current = redis.call('ZMSCORE', K_INDEX, unpack(ids, from, to)) end
    for i = from, to do
      local score = P.hit(ids[i], current[i - from + 1] or nil)
      if score then write_score(ids[i], score) end
    end
  end
  end_batch()
end

-- Stores a new entry. Returns false when the creation expiry is ZERO: the entry is not stored.
local function insert(id, key, value, create_code)
  if create_code == 0 then return false end
  make_room()
  write_value(id, key, value, true)
  write_score(id, P.insert(id))
  if create_code > 0 then apply_expiry(id, create_code) end
  return true
end

-- Replaces a live entry's value. Returns false when the update expiry is ZERO: the entry is removed.
local function update(id, key, value, update_code)
  if update_code == 0 then
    drop(id)
    return false
  end
  write_value(id, key, value, false)
  local score = P.update(id)
  if score then write_score(id, score) end
  apply_expiry(id, update_code)
  return true
end

-- The whole-cache ttl: hits and writes keep every part of the cache alive together.
local function touch()
  if TTL > 0 then
    redis.call('PEXPIRE', K_INDEX, TTL_ARG)
    redis.call('PEXPIRE', K_VALUES, TTL_ARG)
    redis.call('PEXPIRE', K_DEADLINES, TTL_ARG)
    redis.call('PEXPIRE', K_META, TTL_ARG)
    -- The policy's own keys: only policies that keep state there (has_state) pay for it.
    if P.has_state then
      redis.call('PEXPIRE', K_STATE, TTL_ARG)
      redis.call('PEXPIRE', K_STATE2, TTL_ARG)
    end
  end
end

-- Events for other JVMs ------------------------------------------------------------------------
-- Published only while some JVM listens: each listening JVM keeps 'listeners_until' (a
-- deadline, ms) in the metadata in the future. Format: fields as <10-digit length><bytes>
-- (length -1: none): origin, kind (C created, U updated, R removed, X expired, Z every entry
-- gone: clear, destroy), key, value, old.

local function field(text)
  if not text then return string.format('%010d', -1) end
  return string.format('%010d', #text) .. text
end

local function notify(kind, key, value, old)
  if listening == nil then
    -- No JVM ever listened (no field): no need to read the clock.
    local listeners_until = tonumber(redis.call('HGET', K_META, 'listeners_until') or '0')
    listening = listeners_until > 0 and listeners_until > now()
  end
  if listening then
    local channel = string.sub(K_META, 1, -2) .. 'events'
    redis.call('PUBLISH', channel, field(ORIGIN) .. kind .. field(key) .. field(value) .. field(old))
  end
end

-- The event a put-family outcome stands for (2 created, 3 updated, 5 removed by ZERO update).
local function notify_write(outcome, key, value, current)
  if outcome == 2 then
    notify('C', key, value, false)
  elseif outcome == 3 then
    notify('U', key, value, current)
  elseif outcome == 5 then
    notify('X', key, false, current)
  end
end

-- Leases ---------------------------------------------------------------------------------------

-- Drops owner's lease on key; another owner's lease stays. Returns whether there was one to drop.
local function end_lease(key, owner)
  local held = redis.call('HGET', K_LEASES, key)
  if held and string.sub(held, 1, #owner + 1) == owner .. '|' then
    redis.call('HDEL', K_LEASES, key)
    return true
  end
  return false
end

local function previous(value)
  if RETURN_PREVIOUS then return value end
  return false
end
