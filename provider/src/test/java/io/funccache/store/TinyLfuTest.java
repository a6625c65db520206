package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.store.models.TinyLfuModel;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.api.RScript;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * TINYLFU in Redis, beyond membership (PolicyModelTest): after every operation of a random
 * sequence the index scores and every byte of the sketch and its header are the model's, and the
 * segments keep their shares; the sketch halves as it ages; a frequent entry outlives a scan that
 * LRU loses it to; the smallest caches; changes of policy and of maxSize on a populated cache.
 */
public class TinyLfuTest {
  private static final long SEGMENT = TinyLfuModel.SEGMENT;

  private static final String READ_STATE = """
      return { redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES'), redis.call('GET', KEYS[2]) or '' }
      """;

  private static RedisInspector redis;

  @BeforeAll
  static void connect() {
    redis = new RedisInspector(RedisServer.uri());
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  /** Long enough for two samples of the climber (4,096 requests each) and many epochs. */
  @Test
  void theStateInRedisIsTheModelsAfterEveryOperation() {
    checkState(redis, 20, 9_000, 60);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void theSmallestCachesFollowTheModel(int maxSize) {
    checkState(redis, maxSize, 600, 6);
  }

  /** The random sequence of get/getAll/put/putAll/remove, the state compared after each step. */
  public static void checkState(RedisInspector redis, int maxSize, int operations, int keySpace) {
    CacheKeys keys = CacheKeys.of("funccache:", "tinylfu-" + UUID.randomUUID(), "TINYLFU");
    CacheStore store = store(redis, keys, maxSize);
    TinyLfuModel model = new TinyLfuModel(maxSize);
    Random random = new Random(maxSize * 31L + operations);
    try {
      RandomOperations.run(store, model, random, operations, keySpace, "maxSize " + maxSize,
          (step, done) -> {
            try {
              redis.assertInvariants(keys, maxSize);
            } catch (AssertionError e) {
              throw new AssertionError(step + " " + done + ": " + e.getMessage() + "; model "
                  + model.scores(), e);
            }
            State state = State.read(redis, keys);
            assertEquals(model.scores(), state.scores(), step + ": index scores (segment, sequence)");
            assertStateBytes(model, state.sketch(), step);
            checkShares(model, state, step);
          });
      if (operations >= 9_000) {
        assertTrue(model.samples() >= 2, "the climber ended " + model.samples() + " samples");
        assertTrue(model.epoch() > 2, "the sketch never aged: epoch " + model.epoch());
      }
    } finally {
      store.destroy();
    }
  }

  /** Redis's string is the model's bytes, but for the trailing zeros Redis has not written. */
  private static void assertStateBytes(TinyLfuModel model, byte[] actual, String step) {
    byte[] expected = model.state();
    assertTrue(actual.length <= expected.length, step + ": state of " + actual.length + " bytes");
    assertArrayEquals(Arrays.copyOf(expected, actual.length), actual, step + ": sketch and header");
    for (int i = actual.length; i < expected.length; i++) {
      assertEquals(0, expected[i], step + ": byte " + i + " of the model's state is not written");
    }
  }

  private static void checkShares(TinyLfuModel model, State state, String step) {
    long[] counts = new long[3];
    for (long score : state.scores().values()) {
      assertTrue(score >= 0 && score < 3 * SEGMENT, step + ": score " + score);
      counts[(int) (score / SEGMENT)]++;
    }
    assertEquals(state.scores().size(), state.scores().values().stream().map(s -> s % SEGMENT)
        .distinct().count(), step + ": sequences must be distinct");
    // Moves are bounded (two per call), so after the target moves a segment may lag by them.
    assertTrue(counts[TinyLfuModel.WINDOW] <= model.windowTarget() + TinyLfuModel.MOVE_LIMIT,
        step + ": window " + counts[TinyLfuModel.WINDOW] + " over target " + model.windowTarget());
    assertTrue(counts[TinyLfuModel.PROTECTED] <= model.protectedMax() + TinyLfuModel.MOVE_LIMIT,
        step + ": protected " + counts[TinyLfuModel.PROTECTED] + " over " + model.protectedMax());
    assertTrue(model.windowTarget() >= 1 && model.windowTarget() <= model.maxSize(),
        step + ": target " + model.windowTarget());
  }

  /** After 10 * maxSize increments every counter halves, on the block's next touch. */
  @Test
  void theSketchHalvesItsCountsAsItAges() {
    int maxSize = 50;
    CacheKeys keys = CacheKeys.of("funccache:", "tinylfu-" + UUID.randomUUID(), "TINYLFU");
    CacheStore store = store(redis, keys, maxSize);
    TinyLfuModel model = new TinyLfuModel(maxSize);
    try {
      put(store, "hot");
      model.put("hot");
      for (int i = 0; i < 20; i++) {
        assertTrue(store.get(bytes("hot"), ExpiryCodes.KEEP).value() != null);
        model.get("hot");
      }
      assertEquals(15, frequency(State.read(redis, keys).sketch(), "hot", maxSize, 0),
          "counters stop at 15");
      int epoch = 0;
      for (int i = 0; epoch == 0; i++) {
        put(store, "cold" + i);
        model.put("cold" + i);
        epoch = TinyLfuModel.headerEpoch(State.read(redis, keys).sketch());
        assertTrue(i < 10 * maxSize, "no ageing after " + i + " inserts");
      }
      assertEquals(1, epoch);
      assertEquals(7, frequency(State.read(redis, keys).sketch(), "hot", maxSize, epoch),
          "an estimate of 15 reads as 7 an epoch later");
      assertEquals(7, model.frequency("hot"));
      // The next touch halves the block for good, and the hit counts on top of it.
      assertTrue(model.get("hot"));
      assertTrue(store.get(bytes("hot"), ExpiryCodes.KEEP).value() != null);
      assertStateBytes(model, State.read(redis, keys).sketch(), "after the touch");
    } finally {
      store.destroy();
    }
  }

  /** What the sketch in Redis estimates for key: the least counter, halved as its block owes. */
  private static int frequency(byte[] sketch, String key, int maxSize, int epoch) {
    int[] s = TinyLfuModel.slots(key, TinyLfuModel.blocks(maxSize, TinyLfuModel.SHIPPED.rowFactor()));
    int least = 15;
    for (int r = 0; r < 4; r++) {
      int at = TinyLfuModel.counterByte(s[0], r, s[r + 1]);
      int b = at < sketch.length ? sketch[at] & 0xff : 0;
      least = Math.min(least, s[r + 1] % 2 == 0 ? b >>> 4 : b & 15);
    }
    int blockEpoch = sketch[TinyLfuModel.HEADER_BYTES + s[0] * TinyLfuModel.BLOCK_BYTES] & 0xff;
    return least >>> Math.min(4, (epoch - blockEpoch + 256) % 256);
  }

  /** A key used often outlives a scan of keys read once; under LRU the scan pushes it out. */
  @Test
  void aFrequentEntrySurvivesAScanThatLruLoses() {
    int maxSize = 100;
    Map<EvictionPolicy, Boolean> survived = new HashMap<>();
    for (EvictionPolicy policy : List.of(EvictionPolicy.TINYLFU, EvictionPolicy.LRU)) {
      CacheKeys keys = CacheKeys.of("funccache:", "tinylfu-" + UUID.randomUUID(), policy.name());
      CacheStore store = new CacheStore("tinylfu", keys, new ScriptRunner(redis.client(), "test"),
          policy, maxSize, 0, new MutableClock(1_000_000), "tinylfu-test");
      try {
        for (int i = 0; i < maxSize; i++) {
          put(store, "warm" + i);
        }
        for (int i = 0; i < 5; i++) {
          assertTrue(store.get(bytes("warm7"), ExpiryCodes.KEEP).value() != null);
        }
        for (int i = 0; i < 3 * maxSize; i++) {
          put(store, "scan" + i);
        }
        survived.put(policy, store.get(bytes("warm7"), ExpiryCodes.KEEP).value() != null);
      } finally {
        store.destroy();
      }
    }
    assertEquals(Map.of(EvictionPolicy.TINYLFU, true, EvictionPolicy.LRU, false), survived);
  }

  /**
   * A populated LRU cache switched to TINYLFU keeps its entries, re-scored into probation below
   * everything else (oldest first); new entries are admitted over them (their estimate is 0 in the
   * fresh sketch). Switched back to LRU, the sketch goes.
   */
  @Test
  void aPolicyChangeToAndFromTinyLfuKeepsTheEntries() {
    CacheKeys keys = CacheKeys.of("funccache:", "tinylfu-" + UUID.randomUUID(), "X");
    CacheStore lru = new CacheStore("tinylfu", keys, new ScriptRunner(redis.client(), "test"),
        EvictionPolicy.LRU, 4, 0, new MutableClock(1_000_000), "tinylfu-test");
    lru.bind();
    for (String key : List.of("a", "b", "c", "d")) {
      put(lru, key);
    }
    assertTrue(lru.get(bytes("a"), ExpiryCodes.KEEP).value() != null); // LRU order: b c d a
    CacheStore tiny = store(redis, keys, 5);
    assertEquals(4, tiny.bind().rescored());
    try {
      Map<String, Long> scores = State.read(redis, keys).scores();
      assertEquals(Map.of("b", -4L, "c", -3L, "d", -2L, "a", -1L), scores);
      put(tiny, "x"); // room for it: the window
      put(tiny, "y"); // x (estimate 1) beats b (0): b goes, x to probation
      assertEquals(new TreeSet<>(List.of("c", "d", "a", "x", "y")),
          new TreeSet<>(State.read(redis, keys).scores().keySet()));
      assertTrue(tiny.get(bytes("d"), ExpiryCodes.KEEP).value() != null); // on to protected
      assertTrue(State.read(redis, keys).scores().get("d") >= 2 * SEGMENT);
      put(tiny, "z"); // y beats c
      assertEquals(new TreeSet<>(List.of("d", "a", "x", "y", "z")),
          new TreeSet<>(State.read(redis, keys).scores().keySet()));
      assertTrue(State.read(redis, keys).sketch().length > TinyLfuModel.HEADER_BYTES);

      CacheStore back = new CacheStore("tinylfu", keys, new ScriptRunner(redis.client(), "test"),
          EvictionPolicy.LRU, 5, 0, new MutableClock(1_000_000), "tinylfu-test");
      assertEquals(5, back.bind().rescored());
      assertEquals(0, State.read(redis, keys).sketch().length, "the sketch is LRU's no more");
      put(back, "w");
      // Re-scored in TINYLFU's order: a (still below everything), probation, window, protected.
      assertEquals(new TreeSet<>(List.of("d", "x", "y", "z", "w")),
          new TreeSet<>(State.read(redis, keys).scores().keySet()));
    } finally {
      tiny.destroy();
    }
  }

  /** Another maxSize starts the sketch and the climber afresh, sized for it. */
  @Test
  void aNewMaxSizeStartsTheSketchAgain() {
    CacheKeys keys = CacheKeys.of("funccache:", "tinylfu-" + UUID.randomUUID(), "TINYLFU");
    CacheStore small = store(redis, keys, 10);
    small.bind();
    for (int i = 0; i < 30; i++) {
      put(small, "k" + (i % 12));
    }
    byte[] before = State.read(redis, keys).sketch();
    assertEquals(10, TinyLfuModel.headerField(before, 0));
    CacheStore big = store(redis, keys, 1_000);
    big.bind();
    try {
      assertEquals(10, State.read(redis, keys).scores().size(), "the entries stay");
      put(big, "new");
      byte[] after = State.read(redis, keys).sketch();
      assertEquals(1_000, TinyLfuModel.headerField(after, 0));
      assertEquals(1, TinyLfuModel.headerField(after, 1), "one increment since the new start");
      assertEquals(TinyLfuModel.initialWindow(1_000), TinyLfuModel.headerField(after, 2));
      assertTrue(after.length <= TinyLfuModel.HEADER_BYTES
          + TinyLfuModel.blocks(1_000, TinyLfuModel.SHIPPED.rowFactor()) * TinyLfuModel.BLOCK_BYTES);
    } finally {
      big.destroy();
    }
  }

  private static void put(CacheStore store, String key) {
    store.put(PutMode.PUT, bytes(key), bytes("v"), null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP,
        ExpiryCodes.KEEP, false);
  }

  static CacheStore store(RedisInspector redis, CacheKeys keys, int maxSize) {
    return new CacheStore("tinylfu", keys, new ScriptRunner(redis.client(), "test"),
        EvictionPolicy.TINYLFU, maxSize, 0, new MutableClock(1_000_000), "tinylfu-test");
  }

  private static byte[] bytes(String s) {
    return RandomOperations.bytes(s);
  }

  /** The index (id -> score) and K_STATE's bytes (empty: no such key). */
  record State(Map<String, Long> scores, byte[] sketch) {
    @SuppressWarnings("unchecked")
    static State read(RedisInspector redis, CacheKeys keys) {
      List<Object> reply = redis.client().getScript(ByteArrayCodec.INSTANCE).eval(keys.index(),
          RScript.Mode.READ_WRITE, READ_STATE, RScript.ReturnType.LIST,
          List.of(keys.index(), keys.policyState()));
      Map<String, Long> scores = new HashMap<>();
      List<Object> flat = (List<Object>) reply.get(0);
      for (int i = 0; i < flat.size(); i += 2) {
        double score = Double.parseDouble(new String((byte[]) flat.get(i + 1),
            StandardCharsets.ISO_8859_1));
        assertEquals(Math.rint(score), score, "a score that is not an integer: " + score);
        scores.put(new String((byte[]) flat.get(i), StandardCharsets.UTF_8), (long) score);
      }
      return new State(scores, reply.get(1) == null ? new byte[0] : (byte[]) reply.get(1));
    }
  }
}
