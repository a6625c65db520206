package io.funccache.benchmarks.hitrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BeladyTest {

  @Test
  void keepsWhatComesBackSoonestAndBypassesWhatComesBackLast() {
    // Capacity 2, A B C A B C: at C, A and B come back before C, so C is not kept; A and B hit.
    // LRU and FIFO hit nothing here.
    assertEquals(2, Belady.hits(Trace.of("abc", 1, 2, 3, 1, 2, 3), 2));
  }

  @Test
  void textbookReferenceString() {
    // The classic 20-request string with 3 frames: demand-paging OPT has 9 faults (11 hits).
    // With the bypass allowed, 4 at position 7 (never used again) is not kept: 12 hits.
    Trace t = Trace.of("textbook", 7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1);
    assertEquals(12, Belady.hits(t, 3));
    assertEquals(exhaustiveBest(t, 3), Belady.hits(t, 3));
  }

  @Test
  void aCacheThatHoldsEverythingMissesOnlyFirstUses() {
    Trace t = Trace.of("all", 5, 6, 5, 7, 6, 5, 8, 8);
    assertEquals(t.requests() - t.distinct(), Belady.hits(t, t.distinct()));
    assertEquals(0, Belady.hits(t, 0));
  }

  @Test
  void equalsTheExhaustiveOptimumOnRandomTraces() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      int n = 4 + random.nextInt(18);
      int keys = 2 + random.nextInt(6);
      long[] raw = new long[n];
      for (int i = 0; i < n; i++) {
        raw[i] = random.nextInt(keys);
      }
      Trace t = Trace.of("random" + round, raw);
      for (int capacity = 1; capacity <= 4; capacity++) {
        assertEquals(exhaustiveBest(t, capacity), Belady.hits(t, capacity),
            "trace " + java.util.Arrays.toString(raw) + ", capacity " + capacity);
      }
    }
  }

  /** The most hits any sequence of keep/evict/bypass choices can get: search over every choice. */
  private static long exhaustiveBest(Trace t, int capacity) {
    return best(t, capacity, 0, 0L, new HashMap<>());
  }

  private static long best(Trace t, int capacity, int i, long cached, Map<String, Long> memo) {
    if (i == t.requests()) {
      return 0;
    }
    String state = i + ":" + cached;
    Long known = memo.get(state);
    if (known != null) {
      return known;
    }
    int id = t.ids()[i];
    long bit = 1L << id;
    long result;
    if ((cached & bit) != 0) {
      result = 1 + best(t, capacity, i + 1, cached, memo);
    } else if (Long.bitCount(cached) < capacity) {
      // Keeping it is never worse than not while there is room (it can be dropped later for free).
      result = best(t, capacity, i + 1, cached | bit, memo);
    } else {
      result = best(t, capacity, i + 1, cached, memo); // bypass
      for (long rest = cached; rest != 0; rest &= rest - 1) {
        long victim = Long.lowestOneBit(rest);
        result = Math.max(result, best(t, capacity, i + 1, (cached & ~victim) | bit, memo));
      }
    }
    memo.put(state, result);
    return result;
  }
}
