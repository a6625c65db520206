package io.funccache.store.models;

import io.funccache.store.PolicyModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * W-TinyLFU (Einziger, Friedman and Manes, ACM ToS 2017; the policy of Caffeine), as
 * policies/tinylfu.lua runs it, down to the bytes of its state. Three LRU segments: a window
 * (about 1 % of maxSize at first), probation and protected (at most 80 % of the main region, the
 * rest of maxSize). A new entry goes to the window's most recent end; while the window holds its
 * target or more, its least recent entry moves to probation. When the cache is full, the window's
 * least recent entry (the candidate, when the window is at its target) meets probation's least
 * recent (the victim; protected's when probation is empty): the candidate enters probation only
 * if its estimated frequency is higher, else it is evicted. A hit in probation moves the entry to
 * protected (whose least recent entries go back to probation, two at most, while it is over its
 * share); a hit in the window or protected makes it its segment's most recent. An update is a hit.
 *
 * <p>Frequencies: a count-min sketch of 4-bit counters (4 rows; an id's four counters in one
 * block of the sketch, as Caffeine does) that every access (hit, update, insert) raises, each
 * counter up to 15; the estimate is the smallest of the four. After {@code 10 * maxSize}
 * increments every counter halves (Caffeine's reset; the count of increments halves too): a
 * global epoch moves on, and each block halves when it is next touched, so no call does work in
 * proportion to the sketch.
 *
 * <p>The window's target adapts, by Caffeine's hill climber: at the end of each sample of
 * {@code max(2 * maxSize, 4096)} requests (hits and inserts) the target moves by the current step,
 * in the direction of the last step if the sample's hit rate is not below the previous sample's,
 * else back; the step starts at 6.25 % of maxSize (a first step down), shrinks by 2 % per sample
 * and starts again at 6.25 % when the hit rate moves by 5 points or more. The target stays within
 * 1..maxSize. Caffeine samples {@code 10 * maxSize} requests; a shorter sample follows a
 * recency-biased workload much sooner (Caffeine is 4.5 points below LRU on the sprite and corda
 * traces, this model about 1.6) and, with the floor of 4,096, is still not fooled by noise on small
 * caches. In integers: hit rates in millionths, the step in 1/65536 entries, truncated toward zero.
 *
 * <p>The state, K_STATE (a string read and written with GETRANGE and SETRANGE): an 86-byte header
 * in hex digits, 12 each for the maxSize it is sized for, increments this epoch, window target,
 * hits and requests this sample, the previous sample's hit rate and the step (48-bit two's
 * complement), then 2 for the epoch; then blocks of 33 bytes: an epoch byte and 32 bytes of counters, 16 per row (row r's
 * counter k is the high nibble of byte r * 8 + k / 2 for even k, the low one for odd k). Each row
 * has 4 * (maxSize up to a power of two) counters, so the sketch takes about 8 bytes per entry of
 * that power of two, as Caffeine's. An id's counters: redis.sha1hex(id), hex digits 1-8 the block
 * (mod the blocks), then two digits per row the counter (mod 16). Index scores: segment * 2^48 +
 * sequence, probation 0, window 1, protected 2.
 */
public final class TinyLfuModel implements PolicyModel {
  public static final long SEGMENT = 1L << 48;
  public static final int PROBATION = 0;
  public static final int WINDOW = 1;
  public static final int PROTECTED = 2;
  public static final int HEADER_BYTES = 86;
  public static final int ROW_COUNTERS = 16; // per row per block
  public static final int BLOCK_BYTES = 1 + 4 * ROW_COUNTERS / 2;
  public static final int MAX_COUNT = 15;
  public static final int MOVE_LIMIT = 2;

  /**
   * The tunable constants, for offline experiments (TraceReplay): the climber's first step is
   * maxSize / stepDivisor; its sample max(periodFactor * maxSize, minPeriod) requests; rows have
   * rowFactor * (maxSize up to a power of two) counters; the sketch halves after sampleFactor *
   * maxSize increments. The Lua runs {@link #SHIPPED}.
   */
  public record Params(int stepDivisor, int periodFactor, int minPeriod, int rowFactor,
      int sampleFactor) {
  }

  public static final Params SHIPPED = new Params(16, 2, 4096, 4, 10);
  /** Caffeine's own constants (a sample of 10 * maxSize requests), for comparison. */
  public static final Params CAFFEINE_SAMPLE = new Params(16, 10, 0, 4, 10);
  public static final int HEADER_FIELDS = 7;

  private static final class Entry {
    final String key;
    int seg;
    long seq;

    Entry(String key) {
      this.key = key;
    }
  }

  private final int maxSize;
  private final Params params;
  private final int blocks;
  private final long sampleSize;
  private final long period;
  private final byte[] state;
  private final Map<String, Entry> entries = new HashMap<>();
  @SuppressWarnings("unchecked")
  private final LinkedHashMap<String, Entry>[] segments = new LinkedHashMap[] {
      new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>()};
  private long seq;

  // The header's fields, written to state after every access.
  private long incrementsThisEpoch;
  private long windowTarget;
  private long sampleHits;
  private long sampleRequests;
  private long previousRate;
  private long stepSize;
  private long samples;
  private int epoch;

  public TinyLfuModel(int maxSize) {
    this(maxSize, SHIPPED);
  }

  public TinyLfuModel(int maxSize, Params params) {
    this.maxSize = maxSize;
    this.params = params;
    this.blocks = blocks(maxSize, params.rowFactor());
    this.sampleSize = (long) params.sampleFactor() * Math.max(1, maxSize);
    this.period = Math.max(params.minPeriod(), (long) params.periodFactor() * maxSize);
    this.state = new byte[HEADER_BYTES + blocks * BLOCK_BYTES];
    this.windowTarget = initialWindow(maxSize);
    this.stepSize = -fullStep();
  }

  private long fullStep() {
    return maxSize * 65536L / params.stepDivisor();
  }

  /** The sketch's blocks: rowFactor * (maxSize up to a power of two) counters per row, 16 a block. */
  public static int blocks(int maxSize, int rowFactor) {
    long counters = (long) rowFactor * Long.highestOneBit(Math.max(1, maxSize) * 2L - 1);
    return (int) Math.max(1, counters / ROW_COUNTERS);
  }

  /** Caffeine's first window: what is left of maxSize after 99 % of it (so at least 1). */
  public static long initialWindow(long maxSize) {
    return maxSize - (99 * maxSize) / 100;
  }

  @Override
  public boolean get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return false;
    }
    access(e);
    return true;
  }

  @Override
  public void put(String key) {
    Entry e = entries.get(key);
    if (e != null) {
      access(e); // an update counts as a use, as in Caffeine
      return;
    }
    if (maxSize > 0 && entries.size() >= maxSize) {
      evict();
    }
    e = new Entry(key);
    if (maxSize > 0) {
      increment(key);
      climb(false);
      long w = segments[WINDOW].size();
      for (int moved = 0; w >= windowTarget && moved < MOVE_LIMIT && w > 0; moved++, w--) {
        move(lru(WINDOW), PROBATION);
      }
    }
    entries.put(key, e);
    place(e, WINDOW);
    writeHeader();
  }

  @Override
  public void remove(String key) {
    Entry e = entries.remove(key);
    if (e != null) {
      unplace(e);
    }
  }

  @Override
  public Set<String> keys() {
    return new TreeSet<>(entries.keySet());
  }

  private void access(Entry e) {
    if (maxSize <= 0) {
      move(e, e.seg);
      return;
    }
    increment(e.key);
    climb(true);
    int seg = e.seg;
    if (seg == PROBATION) {
      move(e, PROTECTED);
      long protectedMax = protectedMax();
      long p = segments[PROTECTED].size();
      for (int moved = 0; p > protectedMax && moved < MOVE_LIMIT; moved++, p--) {
        move(lru(PROTECTED), PROBATION);
      }
    } else {
      move(e, seg);
    }
    writeHeader();
  }

  public long protectedMax() {
    return (4 * (maxSize - windowTarget)) / 5;
  }

  /** x * mul / div, truncated toward zero. */
  static long trunc(long x, long mul, long div) {
    return x >= 0 ? x * mul / div : -((-x) * mul / div);
  }

  /** Caffeine's hill climber: one more request in the sample; at its end the window's target moves. */
  private void climb(boolean hit) {
    sampleRequests++;
    if (hit) {
      sampleHits++;
    }
    if (sampleRequests < period) {
      return;
    }
    long rate = sampleHits * 1_000_000 / sampleRequests;
    long change = rate - previousRate;
    long amount = change >= 0 ? stepSize : -stepSize;
    long next = Math.abs(change) >= 50_000 ? (amount >= 0 ? fullStep() : -fullStep())
        : trunc(amount, 98, 100);
    previousRate = rate;
    windowTarget = Math.max(1, Math.min(maxSize, windowTarget + trunc(amount, 1, 65536)));
    stepSize = next;
    samples++;
    sampleHits = 0;
    sampleRequests = 0;
  }

  /** Makes room for one entry; returns the evicted key (null: empty). */
  String evict() {
    Entry candidate = null;
    int w = segments[WINDOW].size();
    if (w >= windowTarget && w > 0) {
      candidate = lru(WINDOW);
    }
    Entry victim = lru(PROBATION);
    if (victim == null) {
      victim = lru(PROTECTED);
    }
    Entry evicted;
    if (candidate != null && victim != null) {
      if (frequency(candidate.key) > frequency(victim.key)) {
        evicted = victim;
        move(candidate, PROBATION);
      } else {
        evicted = candidate;
      }
    } else if (candidate != null) {
      evicted = candidate;
    } else if (victim != null) {
      evicted = victim;
    } else {
      evicted = lru(WINDOW);
    }
    if (evicted == null) {
      return null;
    }
    entries.remove(evicted.key);
    unplace(evicted);
    return evicted.key;
  }

  private Entry lru(int seg) {
    Iterator<Entry> it = segments[seg].values().iterator();
    return it.hasNext() ? it.next() : null;
  }

  private void move(Entry e, int seg) {
    unplace(e);
    place(e, seg);
  }

  private void place(Entry e, int seg) {
    e.seg = seg;
    e.seq = ++seq;
    segments[seg].put(e.key, e);
  }

  private void unplace(Entry e) {
    segments[e.seg].remove(e.key);
  }

  // The sketch --------------------------------------------------------------------------------

  /** Where an id's counters are: { block, counter in row 0, 1, 2, 3 } from redis.sha1hex(id). */
  public static int[] slots(String key, int blocks) {
    String h = sha1hex(key);
    int[] slots = new int[5];
    slots[0] = (int) (Long.parseLong(h.substring(0, 8), 16) % blocks);
    for (int j = 0; j < 4; j++) {
      slots[j + 1] = Integer.parseInt(h.substring(8 + 2 * j, 10 + 2 * j), 16) % ROW_COUNTERS;
    }
    return slots;
  }

  /** Byte offset in the state of row j's counter k of block b; the counter is the high nibble at even k. */
  public static int counterByte(int block, int row, int k) {
    return HEADER_BYTES + block * BLOCK_BYTES + 1 + (row * ROW_COUNTERS + k) / 2;
  }

  private int counter(int block, int row, int k) {
    int b = state[counterByte(block, row, k)] & 0xff;
    return k % 2 == 0 ? b >>> 4 : b & 15;
  }

  private void setCounter(int block, int row, int k, int value) {
    int at = counterByte(block, row, k);
    int b = state[at] & 0xff;
    b = k % 2 == 0 ? (b & 0x0f) | (value << 4) : (b & 0xf0) | value;
    state[at] = (byte) b;
  }

  /** How many halvings block b owes: the epochs since it was last touched (4 or more: all gone). */
  private int lag(int block) {
    int blockEpoch = state[HEADER_BYTES + block * BLOCK_BYTES] & 0xff;
    return Math.min(4, (epoch - blockEpoch + 256) % 256);
  }

  private void increment(String key) {
    int[] s = slots(key, blocks);
    int start = HEADER_BYTES + s[0] * BLOCK_BYTES;
    int lag = lag(s[0]);
    if (lag > 0) {
      for (int i = start + 1; i < start + BLOCK_BYTES; i++) {
        int b = state[i] & 0xff;
        state[i] = (byte) ((((b >>> 4) >>> lag) << 4) | ((b & 15) >>> lag));
      }
      state[start] = (byte) epoch;
    }
    boolean added = false;
    for (int j = 0; j < 4; j++) {
      int c = counter(s[0], j, s[j + 1]);
      if (c < MAX_COUNT) {
        setCounter(s[0], j, s[j + 1], c + 1);
        added = true;
      }
    }
    if (added && ++incrementsThisEpoch >= sampleSize) {
      epoch = (epoch + 1) % 256;
      incrementsThisEpoch /= 2;
    }
  }

  /** The estimate: the least of the id's four counters, halved as its block owes. */
  public int frequency(String key) {
    int[] s = slots(key, blocks);
    int min = MAX_COUNT;
    for (int j = 0; j < 4; j++) {
      min = Math.min(min, counter(s[0], j, s[j + 1]));
    }
    return min >>> lag(s[0]);
  }

  private void writeHeader() {
    String header = String.format("%012x%012x%012x%012x%012x%012x%012x%02x", (long) maxSize,
        incrementsThisEpoch, windowTarget, sampleHits, sampleRequests, previousRate,
        stepSize & ((1L << 48) - 1), epoch); // the step in 48-bit two's complement
    byte[] ascii = header.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, state, 0, ascii.length);
  }

  /** Header field i (0..6) of a state's bytes, as the Lua reads it (0 when there is none). */
  public static long headerField(byte[] state, int i) {
    if (state.length < 12 * i + 12) {
      return 0;
    }
    return Long.parseLong(new String(state, 12 * i, 12, StandardCharsets.US_ASCII), 16);
  }

  /** The epoch in a state's header. */
  public static int headerEpoch(byte[] state) {
    return state.length < 86 ? 0 : Integer.parseInt(new String(state, 84, 2, StandardCharsets.US_ASCII), 16);
  }

  static String sha1hex(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  // State for tests and the trace replay -------------------------------------------------------

  /** The index score policies/tinylfu.lua gives each entry: segment * 2^48 + sequence. */
  public Map<String, Long> scores() {
    Map<String, Long> scores = new HashMap<>();
    for (Entry e : entries.values()) {
      scores.put(e.key, e.seg * SEGMENT + e.seq);
    }
    return scores;
  }

  /** K_STATE as Redis holds it, but for trailing zero bytes Redis has not written yet. */
  public byte[] state() {
    return Arrays.copyOf(state, state.length);
  }

  public int segmentSize(int seg) {
    return segments[seg].size();
  }

  public long windowTarget() {
    return windowTarget;
  }

  /** Samples the climber has ended. */
  public long samples() {
    return samples;
  }

  public int epoch() {
    return epoch;
  }

  public int maxSize() {
    return maxSize;
  }

  public Params params() {
    return params;
  }
}
