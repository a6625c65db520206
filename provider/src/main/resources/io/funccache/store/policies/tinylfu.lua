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
-- call does work in proportion to the sketch (the epoch is a byte: a block untouched for exactly
-- a multiple of 256 epochs would keep its counts, where 4 halvings would have emptied it).
-- The window's target follows Caffeine's hill climber over samples of max(2 * maxSize, 4096)
-- requests (Caffeine: 10 * maxSize): a step in the last direction when
-- the sample's hit rate did not fall, else back; the step starts at 6.25 % of maxSize, decays by
-- 2 % per sample and starts again when the hit rate moves by 5 points. Target within 1..maxSize.
-- Score: segment * 2^48 + sequence; probation 0, window 1, protected 2. Re-scored entries (after a
-- policy change) get negative sequences in probation: the next victims, oldest first.
-- K_STATE: a string (GETRANGE / SETRANGE: BITFIELD costs several times more per field): an
-- 86-byte header, in hex digits (one string.format writes it, which is much cheaper in Lua than
-- bytes): 12 digits each for the maxSize it is sized for (another one starts it afresh),
-- increments this epoch, the window target, hits and requests this sample, the previous sample's
-- hit rate (millionths) and the step (48-bit two's complement, 1/65536 entries), then 2 for the
-- epoch; then blocks of 33 bytes: an epoch byte and 4 rows of 16 counters (row r's counter k in
-- the high nibble of the block's byte 1 + (16r + k) / 2 for even k, in the low one for odd k).
-- Each row has 4 * (maxSize up to a power of two) counters, as Caffeine's sketch (about 8 bytes
-- per entry). An id's place: redis.sha1hex(id), hex digits 1-8 the block (mod the blocks), then
-- two per row, the second of them the counter in the row's 16.
do
  local SEGMENT = 281474976710656   -- 2^48
  local WINDOW_BASE = SEGMENT
  local PROTECTED_BASE = 2 * SEGMENT
  local HEADER_BYTES = 86
  local HEADER_FORMAT = '%012x%012x%012x%012x%012x%012x%012x%02x'
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

  -- The byte offset of an id's block, and where its four counters are in the block's string:
  -- { offset, byte 1, high nibble 1, ..., byte 4, high nibble 4 } (bytes counted from 1).
  local function slots(id)
    local h = redis.sha1hex(id)
    local block = tonumber(string.sub(h, 1, 8), 16) % sketch_blocks()
    local s = { HEADER_BYTES + block * BLOCK_BYTES }
    for r = 0, 3 do
      local k = tonumber(string.sub(h, 9 + 2 * r, 10 + 2 * r), 16) % ROW
      s[2 * r + 2] = 2 + math.floor((r * ROW + k) / 2)
      s[2 * r + 3] = k % 2 == 0
    end
    return s
  end

  -- Header field i (0..6): 12 hex digits from character 12 * i + 1; 0 when there is none.
  local function field(header, i)
    return tonumber(string.sub(header, 12 * i + 1, 12 * i + 12), 16) or 0
  end

  -- A block's bytes (zeros past the end of the string).
  local function read_block(at)
    local text = redis.call('GETRANGE', K_STATE, at, at + BLOCK_BYTES - 1)
    local bytes = { string.byte(text, 1, -1) }
    for i = #bytes + 1, BLOCK_BYTES do bytes[i] = 0 end
    return bytes
  end

  local function counter(bytes, s, r)
    local b = bytes[s[2 * r]]
    if s[2 * r + 1] then return math.floor(b / 16) end
    return b % 16
  end

  local function set_counter(bytes, s, r, value)
    local at, b = s[2 * r], bytes[s[2 * r]]
    if s[2 * r + 1] then
      bytes[at] = value * 16 + b % 16
    else
      bytes[at] = b - b % 16 + value
    end
  end

  -- Halvings a block owes: the epochs since it was last touched, 4 at most (then it is empty).
  local function lag(epoch, block_epoch)
    return math.min(4, (epoch - block_epoch) % 256)
  end

  -- Counts an access of id (sketch and climber) and returns the window's target after it.
  local function count_access(id, hit)
    local s = slots(id)
    local header = redis.call('GETRANGE', K_STATE, 0, HEADER_BYTES - 1)
    local incs, target, hits, requests, rate, step, epoch, bytes
    if field(header, 0) ~= MAX_SIZE then
      -- New, or sized for another maxSize: the sketch and the climber start again.
      if #header > 0 then redis.call('UNLINK', K_STATE) end
      incs, target, hits, requests, rate, step, epoch = 0, initial_window(), 0, 0, 0, -full_step(), 0
      bytes = {}
      for i = 1, BLOCK_BYTES do bytes[i] = 0 end
    else
      incs, target, hits = field(header, 1), field(header, 2), field(header, 3)
      requests, rate, step = field(header, 4), field(header, 5), field(header, 6)
      if step >= SEGMENT / 2 then step = step - SEGMENT end
      epoch = tonumber(string.sub(header, 85, 86), 16)
      bytes = read_block(s[1])
    end
    local owed = lag(epoch, bytes[1])
    if owed > 0 then
      local div = DIVISORS[owed]
      for i = 2, BLOCK_BYTES do
        local b = bytes[i]
        bytes[i] = math.floor(math.floor(b / 16) / div) * 16 + math.floor((b % 16) / div)
      end
      bytes[1] = epoch
    end
    local added = false
    for r = 1, 4 do
      local c = counter(bytes, s, r)
      if c < MAX_COUNT then
        set_counter(bytes, s, r, c + 1)
        added = true
      end
    end
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
    if added or owed > 0 then
      redis.call('SETRANGE', K_STATE, s[1], string.char(unpack(bytes)))
    end
    if step < 0 then step = step + SEGMENT end -- two's complement in 48 bits
    redis.call('SETRANGE', K_STATE, 0, string.format(HEADER_FORMAT, MAX_SIZE, incs, target, hits,
      requests, rate, step, epoch))
    return target
  end

  -- The estimates of two ids' frequencies.
  local function frequencies(a, b)
    local header = redis.call('GETRANGE', K_STATE, 0, HEADER_BYTES - 1)
    if field(header, 0) ~= MAX_SIZE then return 0, 0 end
    local epoch = tonumber(string.sub(header, 85, 86), 16)
    local function estimate(id)
      local s = slots(id)
      local bytes = read_block(s[1])
      local least = MAX_COUNT
      for r = 1, 4 do least = math.min(least, counter(bytes, s, r)) end
      local owed = lag(epoch, bytes[1])
      if owed > 0 then least = math.floor(least / DIVISORS[owed]) end
      return least
    end
    return estimate(a), estimate(b)
  end

  local function window_target()
    local header = redis.call('GETRANGE', K_STATE, 0, 35)
    if field(header, 0) ~= MAX_SIZE then return initial_window() end
    return field(header, 2)
  end

  local function window_count()
    return redis.call('ZCOUNT', K_INDEX, fmt(WINDOW_BASE), '(' .. fmt(PROTECTED_BASE))
  end

  local function protected_count()
    return redis.call('ZCOUNT', K_INDEX, fmt(PROTECTED_BASE), '+inf')
  end

  local function window_lru()
    return redis.call('ZRANGEBYSCORE', K_INDEX, fmt(WINDOW_BASE), '(' .. fmt(PROTECTED_BASE),
      'LIMIT', 0, 1)[1]
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
    ignores_now = true,
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
    -- The window's newest entry is usually newer than protected's (the highest score).
    segments = { 0, WINDOW_BASE, PROTECTED_BASE },
  })
end
