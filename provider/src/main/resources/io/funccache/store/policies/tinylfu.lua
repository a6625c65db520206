-- W-TinyLFU (Einziger, Friedman and Manes, ACM ToS 2017), the policy of Caffeine: three LRU
-- segments, a window (about 1 % of maxSize at first), probation and protected (at most 80 % of
-- the main region, the rest of maxSize), and a frequency sketch that decides who stays. A new
-- entry goes to the window's most recent end; while the window holds its target or more, its
-- least recent entry moves to probation. When the cache is full, the window's least recent entry
-- (the candidate, when the window is at its target) meets probation's least recent (the victim;
-- protected's when probation is empty): the candidate enters probation only if its estimated
-- frequency is higher (ties keep the victim; Caffeine's random admission of warm candidates is
-- left out, so the policy stays deterministic), else it is evicted. A hit in probation moves the
-- entry to protected, whose least recent entries go back to probation (two at most per hit)
-- while it is over its share; a hit in the window or protected makes it its segment's most
-- recent. An update is a hit. Reference model: TinyLfuModel (tests).
-- Frequencies: a count-min sketch of 4-bit counters, 4 rows, that every access (hit, update,
-- insert) raises, each counter up to 15; the estimate is the least of an id's four counters.
-- After 10 * maxSize increments every counter halves (Caffeine's reset; the increment count
-- halves too): a global epoch moves on and each block halves when it is next touched, so no
-- call does work in proportion to the sketch (a block untouched for 256 epochs would be missed;
-- 4 halvings empty it already). The window's target follows Caffeine's hill climber over samples
-- of max(2 * maxSize, 4096) requests (Caffeine: 10 * maxSize): a step in the last direction when
-- the sample's hit rate did not fall, else back; the step starts at 6.25 % of maxSize, decays by
-- 2 % per sample and starts again when the hit rate moves by 5 points. Target within 1..maxSize.
-- Score: segment * 2^48 + sequence; probation 0, window 1, protected 2. Re-scored entries (after a
-- policy change) get negative sequences in probation: the next victims, oldest first.
-- K_STATE: a string (BITFIELD): a 48-byte header, unsigned 48-bit fields at bits 0 (the maxSize
-- it is sized for: another one starts it afresh), 48 (increments this epoch), 96 (window
-- target), 144 (hits this sample), 192 (requests this sample), 240 (the previous sample's hit
-- rate, millionths), the step at 288 (signed, 1/65536 entries), the epoch at 336 (8 bits); then
-- blocks of 33 bytes: an epoch byte and 4 rows of 16 counters. Each row has 4 * (maxSize up to a
-- power of two) counters, as Caffeine's sketch (about 8 bytes per entry). An id's place:
-- redis.sha1hex(id), hex digits 1-8 the block, then two per row the counter in the row's 16.
do
  local SEGMENT = 281474976710656   -- 2^48
  local WINDOW_BASE = SEGMENT
  local PROTECTED_BASE = 2 * SEGMENT
  local HEADER_BYTES = 48
  local ROW = 16
  local BLOCK_BYTES = 33
  local MAX_COUNT = 15
  local MOVE_LIMIT = 2
  local STEP_DIVISOR = 16
  local PERIOD_FACTOR, MIN_PERIOD = 2, 4096
  local ROW_FACTOR = 4
  local SAMPLE_FACTOR = 10
  local RESTART = 50000             -- a change of 5 points in the hit rate, in millionths
  local DIVISORS = { 2, 4, 8, 16 }
  -- Blocks in the sketch for the call's maxSize (nil: not computed yet in this call).
  local blocks = nil

  local function sketch_blocks()
    if not blocks then
      local p = 1
      while p < MAX_SIZE do p = p * 2 end
      blocks = math.max(1, math.floor(ROW_FACTOR * p / ROW))
    end
    return blocks
  end

  local function initial_window()
    return MAX_SIZE - math.floor(99 * MAX_SIZE / 100)
  end

  local function full_step()
    return math.floor(MAX_SIZE * 65536 / STEP_DIVISOR)
  end

  -- x * mul / div, truncated toward zero.
  local function trunc(x, mul, div)
    if x >= 0 then return math.floor(x * mul / div) end
    return -math.floor(-x * mul / div)
  end

  -- Bit offsets of an id's block epoch and of its four counters.
  local function slots(id)
    local h = redis.sha1hex(id)
    local block = tonumber(string.sub(h, 1, 8), 16) % sketch_blocks()
    local base = (HEADER_BYTES + block * BLOCK_BYTES) * 8
    local s = { base }
    for r = 0, 3 do
      local k = tonumber(string.sub(h, 9 + 2 * r, 10 + 2 * r), 16) % ROW
      s[r + 2] = base + 8 + (r * ROW + k) * 4
    end
    return s
  end

  -- Halvings a block owes: the epochs since it was last touched, 4 at most (then it is empty).
  local function lag(epoch, block_epoch)
    return math.min(4, (epoch - block_epoch) % 256)
  end

  -- Counts an access of id (sketch and climber) and returns the window's target after it.
  local function count_access(id, hit)
    local s = slots(id)
    local v = redis.call('BITFIELD', K_STATE, 'GET', 'u48', 0, 'GET', 'u48', 48, 'GET', 'u48', 96,
      'GET', 'u48', 144, 'GET', 'u48', 192, 'GET', 'u48', 240, 'GET', 'i48', 288, 'GET', 'u8', 336,
      'GET', 'u8', s[1], 'GET', 'u4', s[2], 'GET', 'u4', s[3], 'GET', 'u4', s[4], 'GET', 'u4', s[5])
    local incs, target, hits, requests, rate, step, epoch = v[2], v[3], v[4], v[5], v[6], v[7], v[8]
    local block_epoch = v[9]
    local c = { v[10], v[11], v[12], v[13] }
    if v[1] ~= MAX_SIZE then
      -- New, or sized for another maxSize: the sketch and the climber start again.
      if v[1] ~= 0 then redis.call('UNLINK', K_STATE) end
      incs, target, hits, requests, rate, step, epoch = 0, initial_window(), 0, 0, 0, -full_step(), 0
      block_epoch, c = 0, { 0, 0, 0, 0 }
    end
    local owed = lag(epoch, block_epoch)
    if owed > 0 then
      local div = DIVISORS[owed]
      local from = s[1] / 8 + 1
      local bytes = redis.call('GETRANGE', K_STATE, from, from + BLOCK_BYTES - 2)
      local out = {}
      for i = 1, BLOCK_BYTES - 1 do
        local b = string.byte(bytes, i) or 0
        out[i] = math.floor(math.floor(b / 16) / div) * 16 + math.floor((b % 16) / div)
      end
      redis.call('SETRANGE', K_STATE, from, string.char(unpack(out)))
      for r = 1, 4 do c[r] = math.floor(c[r] / div) end
    end
    local added = false
    for r = 1, 4 do
      if c[r] < MAX_COUNT then
        c[r] = c[r] + 1
        added = true
      end
    end
    local touched_epoch = epoch
    if added then
      incs = incs + 1
      if incs >= SAMPLE_FACTOR * MAX_SIZE then
        epoch = (epoch + 1) % 256
        incs = math.floor(incs / 2)
      end
    end
    -- The climber: at the end of a sample the target takes a step.
    requests = requests + 1
    if hit then hits = hits + 1 end
    if requests >= math.max(MIN_PERIOD, PERIOD_FACTOR * MAX_SIZE) then
      local now = math.floor(hits * 1000000 / requests)
      local change = now - rate
      local amount = step
      if change < 0 then amount = -step end
      if math.abs(change) >= RESTART then
        step = full_step()
        if amount < 0 then step = -step end
      else
        step = trunc(amount, 98, 100)
      end
      rate = now
      target = math.max(1, math.min(MAX_SIZE, target + trunc(amount, 1, 65536)))
      hits, requests = 0, 0
    end
    redis.call('BITFIELD', K_STATE, 'SET', 'u48', 0, MAX_SIZE, 'SET', 'u48', 48, incs,
      'SET', 'u48', 96, target, 'SET', 'u48', 144, hits, 'SET', 'u48', 192, requests,
      'SET', 'u48', 240, rate, 'SET', 'i48', 288, step, 'SET', 'u8', 336, epoch,
      'SET', 'u8', s[1], touched_epoch, 'SET', 'u4', s[2], c[1], 'SET', 'u4', s[3], c[2],
      'SET', 'u4', s[4], c[3], 'SET', 'u4', s[5], c[4])
    return target
  end

  -- The estimates of two ids' frequencies.
  local function frequencies(a, b)
    local sa, sb = slots(a), slots(b)
    local v = redis.call('BITFIELD', K_STATE, 'GET', 'u48', 0, 'GET', 'u8', 336,
      'GET', 'u8', sa[1], 'GET', 'u4', sa[2], 'GET', 'u4', sa[3], 'GET', 'u4', sa[4], 'GET', 'u4', sa[5],
      'GET', 'u8', sb[1], 'GET', 'u4', sb[2], 'GET', 'u4', sb[3], 'GET', 'u4', sb[4], 'GET', 'u4', sb[5])
    if v[1] ~= MAX_SIZE then return 0, 0 end
    local function estimate(at)
      local least = math.min(v[at + 1], v[at + 2], v[at + 3], v[at + 4])
      local owed = lag(v[2], v[at])
      if owed > 0 then least = math.floor(least / DIVISORS[owed]) end
      return least
    end
    return estimate(3), estimate(8)
  end

  local function window_target()
    local v = redis.call('BITFIELD', K_STATE, 'GET', 'u48', 0, 'GET', 'u48', 96)
    if v[1] ~= MAX_SIZE then return initial_window() end
    return v[2]
  end

  local function window_count()
    return redis.call('ZCOUNT', K_INDEX, fmt(WINDOW_BASE), '(' .. fmt(PROTECTED_BASE))
  end

  local function protected_count()
    return redis.call('ZCOUNT', K_INDEX, fmt(PROTECTED_BASE), '+inf')
  end

  local function window_lru()
    return redis.call('ZRANGEBYSCORE', K_INDEX, fmt(WINDOW_BASE), '(' .. fmt(PROTECTED_BASE), 'LIMIT', 0, 1)[1]
  end

  local function protected_lru()
    return redis.call('ZRANGEBYSCORE', K_INDEX, fmt(PROTECTED_BASE), '+inf', 'LIMIT', 0, 1)[1]
  end

  local function probation_lru()
    local lowest = redis.call('ZRANGE', K_INDEX, 0, 0, 'WITHSCORES')
    if #lowest == 2 and tonumber(lowest[2]) < SEGMENT then return lowest[1] end
    return nil
  end

  -- A use (hit or update): the policy writes the new places itself and returns nil.
  local function used(id)
    local current = redis.call('ZSCORE', K_INDEX, id)
    if not current then
      -- An orphan (the index was lost): given a place as the window's newest.
      if MAX_SIZE > 0 then count_access(id, true) end
      redis.call('ZADD', K_INDEX, fmt(WINDOW_BASE + next_seq()), id)
      return nil
    end
    current = tonumber(current)
    local base = 0
    if current >= PROTECTED_BASE then
      base = PROTECTED_BASE
    elseif current >= WINDOW_BASE then
      base = WINDOW_BASE
    end
    if MAX_SIZE <= 0 then
      redis.call('ZADD', K_INDEX, fmt(base + next_seq()), id)
      return nil
    end
    local target = count_access(id, true)
    if base ~= 0 then
      redis.call('ZADD', K_INDEX, fmt(base + next_seq()), id)
      return nil
    end
    -- Probation: on to protected, which gives back its least recent while over its share.
    redis.call('ZADD', K_INDEX, fmt(PROTECTED_BASE + next_seq()), id)
    local protected_max = math.floor(4 * (MAX_SIZE - target) / 5)
    local p = protected_count()
    local moved = 0
    while p > protected_max and moved < MOVE_LIMIT do
      redis.call('ZADD', K_INDEX, fmt(next_seq()), protected_lru())
      p, moved = p - 1, moved + 1
    end
    return nil
  end

  register_policy('TINYLFU', {
    has_state = true,
    unbatched = true,
    begin = function() blocks = nil end,
    insert = function(id)
      if MAX_SIZE > 0 then
        local target = count_access(id, false)
        local w = window_count()
        local moved = 0
        while w >= target and w > 0 and moved < MOVE_LIMIT do
          redis.call('ZADD', K_INDEX, fmt(next_seq()), window_lru())
          w, moved = w - 1, moved + 1
        end
      end
      return WINDOW_BASE + next_seq()
    end,
    hit = function(id, current) return used(id) end,
    -- An update is a use, as in Caffeine.
    update = function(id) return used(id) end,
    victim = function()
      local w = window_count()
      local candidate = nil
      if w > 0 and w >= window_target() then candidate = window_lru() end
      local victim = probation_lru() or protected_lru()
      local evicted = candidate or victim
      if candidate and victim then
        local candidate_freq, victim_freq = frequencies(candidate, victim)
        if candidate_freq > victim_freq then
          -- Admitted: the candidate becomes probation's newest, the victim goes.
          redis.call('ZADD', K_INDEX, fmt(next_seq()), candidate)
          evicted = victim
        end
      elseif not evicted then
        evicted = window_lru()
      end
      if evicted then redis.call('ZREM', K_INDEX, evicted) end
      return evicted
    end,
    rescored = function(position) return position end,
    seq_of = function(score)
      if score < 0 then return 0 end
      return score % SEGMENT
    end,
  })
end
