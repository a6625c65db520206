package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.store.models.S3FifoModel;
import io.funccache.store.models.SieveModel;
import io.funccache.store.models.TinyLfuModel;
import io.funccache.store.models.TraceReplay;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RScript;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * S3FIFO and SIEVE in Redis, beyond membership (PolicyModelTest): after every operation of a
 * random sequence the index scores, the ghost list and the hand are exactly the reference models'
 * and each policy's own invariants hold; the bounded scans fall back as documented; a cache
 * replaying a trace hits exactly as often as the model (TINYLFU too; its state: TinyLfuTest).
 */
public class FifoPoliciesTest {
  private static final int MAX_SIZE = 20; // small's share 2, main's 18: both segments matter
  private static final int KEY_SPACE = 60;
  private static final int OPERATIONS = 1_000;
  private static final long SEGMENT = S3FifoModel.SEGMENT;

  private static final String READ_STATE = """
      local meta = redis.call('HMGET', KEYS[2], 'SIEVE.hand', 'seq')
      return { redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES'),
               redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES'), meta[1] or '', meta[2] or '' }
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

  @ParameterizedTest
  @EnumSource(value = EvictionPolicy.class, names = {"S3FIFO", "SIEVE"})
  void theStateInRedisIsTheModelsAfterEveryOperation(EvictionPolicy policy) {
    checkState(redis, policy);
  }

  /** The random sequence of get/getAll/put/putAll/remove, the state compared after each step. */
  public static void checkState(RedisInspector redis, EvictionPolicy policy) {
    CacheKeys keys = CacheKeys.of("funccache:", "fifos-" + UUID.randomUUID(), policy.name());
    CacheStore store = store(redis, keys, policy, MAX_SIZE);
    PolicyModel model = policy == EvictionPolicy.S3FIFO
        ? new S3FifoModel(MAX_SIZE) : new SieveModel(MAX_SIZE);
    Random random = new Random(policy.ordinal() * 17L + 3);
    try {
      RandomOperations.run(store, model, random, OPERATIONS, KEY_SPACE, policy.name(),
          (step, done) -> {
            redis.assertInvariants(keys, MAX_SIZE);
            State state = State.read(redis, keys);
            assertEquals(model.keys(), new TreeSet<>(state.scores().keySet()), step);
            if (model instanceof S3FifoModel s3) {
              checkS3Fifo(s3, state, step);
            } else {
              checkSieve((SieveModel) model, state, step);
            }
          });
    } finally {
      store.destroy();
    }
  }

  private static void checkS3Fifo(S3FifoModel model, State state, String step) {
    long small = state.scores().values().stream().filter(s -> s >= 0 && s < SEGMENT).count();
    long main = state.scores().values().stream()
        .filter(s -> s >= SEGMENT && s < 2 * SEGMENT).count();
    assertEquals(state.scores().size(), small + main, step + ": a score outside both segments "
        + state.scores());
    assertEquals(state.scores().size(), state.scores().values().stream()
        .map(s -> (s % SEGMENT) / 4).distinct().count(), step + ": sequences must be distinct");
    assertTrue(state.ghosts().size() <= model.ghostCapacity(),
        step + ": " + state.ghosts().size() + " ghosts");
    for (String id : state.scores().keySet()) {
      assertFalse(state.ghosts().containsKey(S3FifoModel.ghostId(id)), step + ": live ghost " + id);
    }
    assertEquals(model.scores(), state.scores(), step + ": index scores (segment, sequence, freq)");
    assertEquals(model.ghosts(), state.ghosts(), step + ": ghost list");
  }

  private static void checkSieve(SieveModel model, State state, String step) {
    assertTrue(state.scores().values().stream().allMatch(s -> s >= 2),
        step + ": a sequence below 1 " + state.scores());
    assertEquals(state.scores().size(), state.scores().values().stream().map(s -> s / 2)
        .distinct().count(), step + ": sequences must be distinct");
    if (state.hand() != null) {
      long hand = state.hand();
      assertTrue(hand % 2 == 1 && hand >= 3 && hand <= 2 * state.seq() + 1,
          step + ": hand " + hand + " out of range (sequence " + state.seq() + ")");
    }
    assertEquals(model.scores(), state.scores(), step + ": index scores (sequence, visited)");
    assertEquals(model.hand() == null ? null : 2 * model.hand() + 1, state.hand(), step + ": hand");
  }

  @Test
  void sieveEvictsTheEntryAtTheStepLimitWhenEveryBitIsSet() {
    int size = SieveModel.STEP_LIMIT + 44;
    CacheKeys keys = CacheKeys.of("funccache:", "fifos-" + UUID.randomUUID(), "SIEVE");
    CacheStore store = store(redis, keys, EvictionPolicy.SIEVE, size);
    SieveModel model = new SieveModel(size);
    try {
      fillAndHit(store, model, size, 1);
      put(store, model, "newcomer");
      // The hand cleared the 255 oldest bits; the 256th entry went though its bit was set.
      String limit = "k" + (SieveModel.STEP_LIMIT - 1);
      State state = State.read(redis, keys);
      assertFalse(state.scores().containsKey(limit), "the entry at the step limit must go");
      assertEquals(1, model.fallbacks());
      assertEquals(model.scores(), state.scores());
      assertEquals(2 * model.hand() + 1, state.hand());
    } finally {
      store.destroy();
    }
  }

  @Test
  void s3fifoEvictsSmallsOldestAtTheStepLimitWhateverItsFrequency() {
    int size = S3FifoModel.STEP_LIMIT + 44;
    CacheKeys keys = CacheKeys.of("funccache:", "fifos-" + UUID.randomUUID(), "S3FIFO");
    CacheStore store = store(redis, keys, EvictionPolicy.S3FIFO, size);
    S3FifoModel model = new S3FifoModel(size);
    try {
      fillAndHit(store, model, size, 2); // all in small (nothing evicted yet), each at freq 2
      put(store, model, "newcomer");
      // The 255 oldest moved to main; the 256th went to the ghost list though hit twice.
      String limit = "k" + (S3FifoModel.STEP_LIMIT - 1);
      State state = State.read(redis, keys);
      assertFalse(state.scores().containsKey(limit), "the entry at the step limit must go");
      assertTrue(state.ghosts().containsKey(S3FifoModel.ghostId(limit)));
      assertEquals(1, model.fallbacks());
      assertEquals(S3FifoModel.STEP_LIMIT - 1, model.mainSize());
      assertEquals(model.scores(), state.scores());
      assertEquals(model.ghosts(), state.ghosts());
    } finally {
      store.destroy();
    }
  }

  /**
   * After a change of policy the re-scored entries are the next victims, oldest first, even where
   * newer entries came in since; SIEVE's hand from before the change (in the metadata, which the
   * change keeps) must not send the search past them to the newcomers.
   */
  @ParameterizedTest
  @EnumSource(value = EvictionPolicy.class, names = {"S3FIFO", "SIEVE"})
  void afterAPolicyChangeTheOldEntriesGoFirstOldestFirst(EvictionPolicy policy) {
    CacheKeys keys = CacheKeys.of("funccache:", "fifos-" + UUID.randomUUID(), policy.name());
    CacheStore before = store(redis, keys, policy, 4);
    before.bind();
    for (String key : List.of("a", "b", "c", "d", "e", "f")) {
      put(before, key);
    }
    List<String> survivors = new ArrayList<>(State.read(redis, keys).scores().keySet());
    assertEquals(4, survivors.size());
    CacheStore lru = store(redis, keys, EvictionPolicy.LRU, 4);
    lru.bind();
    List<String> order = List.of(survivors.get(2), survivors.get(0), survivors.get(3),
        survivors.get(1));
    for (String key : order) {
      assertTrue(lru.get(bytes(key), ExpiryCodes.KEEP).value() != null); // LRU order: as listed
    }
    CacheStore after = store(redis, keys, policy, 5);
    assertEquals(4, after.bind().rescored());
    try {
      put(after, "x"); // room for it
      put(after, "y");
      assertEquals(new TreeSet<>(List.of(order.get(1), order.get(2), order.get(3), "x", "y")),
          new TreeSet<>(State.read(redis, keys).scores().keySet()), "the oldest re-scored goes");
      put(after, "z");
      assertEquals(new TreeSet<>(List.of(order.get(2), order.get(3), "x", "y", "z")),
          new TreeSet<>(State.read(redis, keys).scores().keySet()), "then the next oldest");
    } finally {
      after.destroy();
    }
  }

  private static void put(CacheStore store, String key) {
    store.put(PutMode.PUT, bytes(key), bytes("v"), null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP,
        ExpiryCodes.KEEP, false);
  }

  /**
   * A cache used through JCache (get, and a put on each miss) hits exactly as often as the model.
   * The trace: {@code -Dfunccache.trace=path.keys.gz} (gzip, a decimal key per line; with
   * {@code funccache.trace.requests}, default 20,000, and {@code funccache.trace.size}, default
   * 1,000), else 6,000 synthetic requests (Zipf-like reads and scans) on a cache of 200.
   */
  @ParameterizedTest
  @EnumSource(value = EvictionPolicy.class, names = {"S3FIFO", "SIEVE", "TINYLFU"})
  void aCacheReplayingATraceHitsExactlyAsOftenAsTheModel(EvictionPolicy policy) {
    String file = System.getProperty("funccache.trace");
    String[] trace;
    int size;
    if (file != null) {
      String[] all = TraceReplay.read(Path.of(file));
      trace = Arrays.copyOf(all, Math.min(all.length,
          Integer.getInteger("funccache.trace.requests", 20_000)));
      size = Integer.getInteger("funccache.trace.size", 1_000);
    } else {
      trace = syntheticTrace(6_000);
      size = 200;
    }
    PolicyModel model = switch (policy) {
      case S3FIFO -> new S3FifoModel(size);
      case TINYLFU -> new TinyLfuModel(size);
      default -> new SieveModel(size);
    };
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", "fifos-" + UUID.randomUUID());
    URI uri = RedisServer.uri();
    try (CacheManager manager = new RedisCachingProvider().getCacheManager(uri,
        getClass().getClassLoader(), properties)) {
      Cache<String, String> cache = manager.createCache("trace", new RedisCacheConfiguration<String,
          String>().setTypes(String.class, String.class).setMaxSize(size).setPolicy(policy)
          // Ids are the keys' UTF-8 bytes, as the models hash them (TINYLFU's sketch).
          .setKeyCodec("string"));
      int cacheHits = 0;
      int modelHits = 0;
      for (String key : trace) {
        if (cache.get(key) != null) {
          cacheHits++;
        } else {
          cache.put(key, "v");
        }
        if (model.get(key)) {
          modelHits++;
        } else {
          model.put(key);
        }
      }
      System.out.printf("%s on %s, %d requests, size %d: %d hits (%.2f %%), model %d%n", policy,
          file == null ? "the synthetic trace" : file, trace.length, size, cacheHits,
          100.0 * cacheHits / trace.length, modelHits);
      assertTrue(modelHits > trace.length / 10, "a trace that hardly hits checks little");
      assertEquals(modelHits, cacheHits, policy + ": hits of the cache against the model's");
      manager.destroyCache("trace");
    }
  }

  /** Zipf-like reads over 2,000 keys (alpha 0.9), broken every 1,000 requests by a scan of 300 new keys. */
  static String[] syntheticTrace(int requests) {
    int keys = 2_000;
    double[] cumulative = new double[keys];
    double sum = 0;
    for (int k = 0; k < keys; k++) {
      sum += 1 / Math.pow(k + 1, 0.9);
      cumulative[k] = sum;
    }
    Random random = new Random(42);
    String[] trace = new String[requests];
    int scanned = 0;
    for (int i = 0; i < requests; i++) {
      if (i % 1_000 >= 700) {
        trace[i] = "scan" + scanned++;
      } else {
        int k = Arrays.binarySearch(cumulative, random.nextDouble() * sum);
        trace[i] = "z" + (k < 0 ? -k - 1 : k);
      }
    }
    return trace;
  }

  private static void fillAndHit(CacheStore store, PolicyModel model, int size, int hits) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      all.add("k" + i);
    }
    store.putAll(all.stream().map(FifoPoliciesTest::bytes).toList(),
        all.stream().map(FifoPoliciesTest::bytes).toList(), ExpiryCodes.ETERNAL, ExpiryCodes.KEEP,
        false);
    model.putAll(all);
    for (int h = 0; h < hits; h++) {
      store.getAll(all.stream().map(FifoPoliciesTest::bytes).toList(), ExpiryCodes.KEEP);
      model.getAll(all);
    }
  }

  private static void put(CacheStore store, PolicyModel model, String key) {
    store.put(PutMode.PUT, bytes(key), bytes("v"), null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP,
        ExpiryCodes.KEEP, false);
    model.put(key);
  }

  static CacheStore store(RedisInspector redis, CacheKeys keys, EvictionPolicy policy, int maxSize) {
    return new CacheStore("fifos", keys, new ScriptRunner(redis.client(), "test"), policy, maxSize,
        0, new MutableClock(1_000_000), "fifos-test");
  }

  /** Low keys far more often than high ones, so that frequencies and bits reach their caps. */
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The index (id -> score), the ghost list (hash -> sequence), the hand and the sequence. */
  record State(Map<String, Long> scores, Map<String, Long> ghosts, Long hand, long seq) {
    @SuppressWarnings("unchecked")
    static State read(RedisInspector redis, CacheKeys keys) {
      List<Object> reply = redis.client().getScript(ByteArrayCodec.INSTANCE).eval(keys.index(),
          RScript.Mode.READ_WRITE, READ_STATE, RScript.ReturnType.LIST,
          List.of(keys.index(), keys.meta(), keys.policyState()));
      String hand = text(reply.get(2));
      String seq = text(reply.get(3));
      return new State(scored((List<Object>) reply.get(0)), scored((List<Object>) reply.get(1)),
          hand.isEmpty() ? null : Long.valueOf(hand), seq.isEmpty() ? 0 : Long.parseLong(seq));
    }

    private static Map<String, Long> scored(List<Object> flat) {
      Map<String, Long> out = new HashMap<>();
      for (int i = 0; i < flat.size(); i += 2) {
        double score = Double.parseDouble(text(flat.get(i + 1)));
        assertEquals(Math.rint(score), score, "a score that is not an integer: " + score);
        out.put(text(flat.get(i)), (long) score);
      }
      return out;
    }

    private static String text(Object o) {
      return new String((byte[]) o, StandardCharsets.ISO_8859_1);
    }
  }
}
