package io.funccache.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCachingProvider;
import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.RedisCache;
import io.funccache.store.CacheKeys;
import io.funccache.testing.RedisCluster;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RScoredSortedSet;
import org.redisson.client.codec.StringCodec;

/**
 * A Redis that evicts or expires keys (allkeys-* or volatile-* maxmemory-policy) can take one of
 * a cache's keys away; the operations that meet the result repair it and never fail on it. Here a
 * key is deleted by hand, the way Redis's own eviction would take it.
 */
@ExtendWith(RedisTest.class)
class SelfHealingTest {
  private static final int MAX = 10;

  private static Cache<Integer, String> full(CacheManager manager, String name,
      EvictionPolicy policy) {
    Cache<Integer, String> cache = manager.createCache(name,
        new RedisCacheConfiguration<Integer, String>().setTypes(Integer.class, String.class)
            .setPolicy(policy).setMaxSize(MAX));
    for (int i = 0; i < MAX; i++) {
      cache.put(i, "v" + i);
    }
    return cache;
  }

  private static CacheKeys keys(Cache<?, ?> cache) {
    return cache.unwrap(RedisCache.class).store().keys();
  }

  private static void lose(RedisTestContext test, Cache<?, ?> cache,
      Function<CacheKeys, String> part) {
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      inspector.write("DEL", part.apply(keys(cache)));
    }
  }

  private static void assertHealed(RedisTestContext test, Cache<?, ?> cache) {
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      inspector.assertInvariants(keys(cache), MAX);
    }
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void aLostIndexLeavesOrphanValuesThatWritesEvictFirst(EvictionPolicy policy, RedisTestContext test) {
    CacheManager manager = test.newManager();
    Cache<Integer, String> cache = full(manager, "lost-index-" + policy, policy);
    lose(test, cache, CacheKeys::index);

    for (int i = 100; i < 100 + MAX; i++) {
      cache.put(i, "n" + i); // each evicts one orphan: they have lost their place in the order
    }
    for (int i = 100; i < 100 + MAX; i++) {
      assertEquals("n" + i, cache.get(i), policy + ": a new entry was evicted before an orphan");
    }
    assertHealed(test, cache);
  }

  @ParameterizedTest
  @EnumSource(value = EvictionPolicy.class,
      names = {"LRU", "LFU", "MRU", "LRU_T", "S3FIFO", "SIEVE", "TINYLFU"})
  void aHitOnAnOrphanGivesItAPlaceInTheOrderAgain(EvictionPolicy policy, RedisTestContext test) {
    CacheManager manager = test.newManager();
    Cache<Integer, String> cache = full(manager, "orphan-hit-" + policy, policy);
    lose(test, cache, CacheKeys::index);

    assertEquals("v3", cache.get(3));
    assertEquals(java.util.Map.of(4, "v4", 5, "v5"), cache.getAll(java.util.Set.of(4, 5)));
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      assertEquals(3, inspector.snapshot(keys(cache)).index().size(), policy.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void lostValuesLeaveGhostsThatEvictionsDiscardWithoutCountingThemAsRoom(EvictionPolicy policy,
      RedisTestContext test) {
    CacheManager manager = test.newManager();
    Cache<Integer, String> cache = full(manager, "lost-values-" + policy, policy);
    lose(test, cache, CacheKeys::values);

    assertEquals(null, cache.get(3));
    for (int i = 100; i < 100 + 3 * MAX; i++) {
      cache.put(i, "n" + i);
    }
    int present = 0;
    for (Cache.Entry<Integer, String> entry : cache) {
      assertNotNull(entry.getValue());
      present++;
    }
    assertEquals(MAX, present, "the bound holds: ghosts were discarded, not counted as evictions");
    assertHealed(test, cache);
  }

  @ParameterizedTest
  @EnumSource(value = EvictionPolicy.class, names = {"LRU", "FIFO", "S3FIFO", "SIEVE"})
  void aLostSequenceResumesAboveTheIndexSoNewEntriesAreNotTheOldest(EvictionPolicy policy,
      RedisTestContext test) {
    CacheManager manager = test.newManager();
    Cache<Integer, String> cache = full(manager, "lost-meta-" + policy, policy);
    lose(test, cache, CacheKeys::meta);

    cache.put(100, "a"); // evicts 0, the oldest
    cache.put(101, "b"); // evicts 1; without the repair it would evict 100
    assertEquals("a", cache.get(100));
    assertEquals("b", cache.get(101));
    assertEquals(null, cache.get(0));
    assertEquals(null, cache.get(1));
    assertTrue(cache.containsKey(2));
    assertHealed(test, cache);
  }

  /**
   * Segmented policies: the highest score is the top segment's newest entry (S3FIFO's main,
   * TINYLFU's protected), which can be older than the newest entries of a lower segment (small,
   * probation); the sequence must resume above every segment's newest.
   */
  @ParameterizedTest
  @EnumSource(value = EvictionPolicy.class, names = {"S3FIFO", "TINYLFU"})
  void aLostSequenceResumesAboveEverySegmentOfASegmentedPolicy(EvictionPolicy policy,
      RedisTestContext test) {
    int max = 100;
    CacheManager manager = test.newManager();
    Cache<Integer, String> cache = manager.createCache("lost-meta-segments-" + policy,
        new RedisCacheConfiguration<Integer, String>().setTypes(Integer.class, String.class)
            .setPolicy(policy).setMaxSize(max));
    for (int i = 0; i < max; i++) {
      cache.put(i, "v" + i);
    }
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < max; i++) {
        cache.get(i); // hits: entries move up to main / protected as the cache turns over
      }
      for (int i = 0; i < max / 5; i++) {
        cache.put(1_000 * (round + 1) + i, "n" + i);
      }
    }
    for (int i = 0; i < 5; i++) {
      cache.put(5_000 + i, "newest" + i); // the newest entries: in small / probation
    }
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      RScoredSortedSet<String> index =
          inspector.client().getScoredSortedSet(keys(cache).index(), StringCodec.INSTANCE);
      Map<String, Double> before = scores(index);
      long newest = before.values().stream().mapToLong(score -> seqOf(policy, score)).max()
          .orElseThrow();
      assertTrue(newest > seqOf(policy, Collections.max(before.values())),
          policy + ": the set-up must leave a lower segment's newest entry above the top score's");
      lose(test, cache, CacheKeys::meta);

      cache.put(200, "fresh");
      Map<String, Double> after = scores(index);
      Map<String, Double> added = new HashMap<>(after);
      added.keySet().removeAll(before.keySet());
      assertEquals(1, added.size(), policy + ": one new entry in the index: " + added);
      String fresh = added.keySet().iterator().next();
      long freshSeq = seqOf(policy, added.get(fresh));
      after.remove(fresh);
      long others = after.values().stream().mapToLong(score -> seqOf(policy, score)).max()
          .orElseThrow();
      assertTrue(freshSeq > others, policy + ": the new entry's sequence " + freshSeq
          + " must be above every other entry's (up to " + others + ")");
    }
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      inspector.assertInvariants(keys(cache), max);
    }
  }

  private static Map<String, Double> scores(RScoredSortedSet<String> index) {
    Map<String, Double> scores = new HashMap<>();
    index.entryRange(0, -1).forEach(e -> scores.put(e.getValue(), e.getScore()));
    return scores;
  }

  private static long seqOf(EvictionPolicy policy, double score) {
    long s = (long) score;
    long segment = 1L << 48;
    return policy == EvictionPolicy.S3FIFO ? (s % segment) / 4 : s % segment;
  }

  @Test
  void underAllkeysLruWithRealMemoryPressureNoOperationFailsAndTheStructuresConverge()
      throws Exception {
    RedisServer.Started server = RedisServer.start(
        List.of("--maxmemory", "4mb", "--maxmemory-policy", "allkeys-lru"), true);
    List<LogRecord> warnings = new ArrayList<>();
    Logger log = Logger.getLogger("io.funccache.store.ScriptRunner");
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        synchronized (warnings) {
          warnings.add(record);
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(capture);
    URI uri = URI.create("redis://127.0.0.1:" + server.port());
    CacheManager manager = new RedisCachingProvider().getCacheManager(uri,
        SelfHealingTest.class.getClassLoader());
    try {
      String value = "x".repeat(4_000);
      List<Cache<Integer, String>> caches = new ArrayList<>();
      for (String name : List.of("cold", "warm", "hot")) {
        caches.add(manager.createCache(name, new RedisCacheConfiguration<Integer, String>()
            .setTypes(Integer.class, String.class).setMaxSize(MAX * 100)));
      }
      // Three caches of up to 4 MB each on a 4 MB Redis: Redis evicts whole keys of the least
      // recently used caches while the others keep working.
      Random random = new Random(7);
      long operations = 0;
      for (Cache<Integer, String> cache : caches) {
        for (int i = 0; i < 3_000; i++) {
          int key = random.nextInt(MAX * 150);
          switch (random.nextInt(4)) {
            case 0, 1 -> cache.put(key, value);
            case 2 -> cache.get(key);
            default -> cache.remove(key);
          }
          operations++;
        }
      }
      String evicted = RedisCluster.cli(server.port(), "INFO", "stats");
      assertTrue(evicted.matches("(?s).*evicted_keys:[1-9].*"), "Redis evicted no key: " + evicted);

      RedisCluster.cli(server.port(), "CONFIG", "SET", "maxmemory", "0");
      try (RedisInspector inspector = new RedisInspector(uri)) {
        for (Cache<Integer, String> cache : caches) {
          for (int i = 0; i < MAX * 100 + 1; i++) {
            cache.put(1_000_000 + i, "y"); // enough writes to evict every orphan and ghost
          }
          inspector.assertInvariants(keys(cache), MAX * 100);
        }
      }
      System.out.printf("allkeys-lru: %d operations under memory pressure, 0 failures%n", operations);
      synchronized (warnings) {
        long policyWarnings = warnings.stream()
            .filter(r -> r.getMessage().contains("maxmemory-policy allkeys-lru")).count();
        assertEquals(1, policyWarnings, "one warning per manager");
      }
    } finally {
      log.removeHandler(capture);
      manager.close();
      server.close();
    }
  }
}
