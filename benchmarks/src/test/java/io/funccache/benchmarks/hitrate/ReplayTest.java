package io.funccache.benchmarks.hitrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The replay against funccache on a real Redis, and against Caffeine, on traces with known hits. */
class ReplayTest {
  private static RedisTarget redis;

  @BeforeAll
  static void open() throws Exception {
    redis = RedisTarget.open(TestRedis.url(), false);
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  /**
   * A B A C B A at capacity 2: LRU hits once (the second A), FIFO twice (A, then B), the optimum
   * three times (C is not kept).
   */
  private static final Trace SMALL = Trace.of("small", 1, 2, 1, 3, 2, 1);

  @Test
  void lruAndFifoHitWhatTheyShouldOnATinyTrace() {
    assertEquals(1, replay(SMALL, "LRU", 2));
    assertEquals(2, replay(SMALL, "FIFO", 2));
    assertEquals(3, Belady.hits(SMALL, 2));
  }

  @Test
  void funccacheLruAndFifoMatchExactModelsOnARandomTrace() {
    Random random = new Random(7);
    long[] keys = new long[1_500];
    for (int i = 0; i < keys.length; i++) {
      // Skewed: small keys come back often, so both policies hit and evict.
      keys[i] = (long) Math.floor(Math.pow(random.nextDouble(), 3) * 200);
    }
    Trace t = Trace.of("skewed", keys);
    assertEquals(modelHits(t, 30, true), replay(t, "LRU", 30));
    assertEquals(modelHits(t, 30, false), replay(t, "FIFO", 30));
  }

  @Test
  void pipelinedReplaysHitExactlyAsReplaysThroughJavaxCache() throws Exception {
    Random random = new Random(11);
    long[] keys = new long[2_000];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = (long) Math.floor(Math.pow(random.nextDouble(), 2) * 300);
    }
    Trace t = Trace.of("pipelined", keys);
    java.util.List<String> policies = java.util.List.of("LRU", "FIFO", "LFU", "SIEVE", "S3FIFO",
        "TINYLFU");
    java.util.List<PipelinedReplay.Job> jobs = new java.util.ArrayList<>();
    for (String policy : policies) {
      String name = "replaytest.pipelined." + policy;
      redis.create(name, policy, 40);
      jobs.add(new PipelinedReplay.Job(t,
          io.funccache.store.CacheKeys.of("funccache:", redis.namespace, name), policy, 40));
    }
    try {
      // Two connections for six caches: replays share a connection, and calls interleave.
      PipelinedReplay.run(redis.url, jobs, 2, new java.util.concurrent.atomic.AtomicLong());
    } finally {
      for (String policy : policies) {
        redis.destroy("replaytest.pipelined." + policy);
      }
    }
    for (int i = 0; i < policies.size(); i++) {
      assertEquals(replay(t, policies.get(i), 40), jobs.get(i).hits(), policies.get(i));
    }
  }

  @Test
  void caffeineThatHoldsEverythingMissesOnlyFirstUses() {
    Trace t = Trace.of("fits", 1, 2, 3, 1, 2, 3, 4, 1, 4);
    assertEquals(t.requests() - t.distinct(), Replay.caffeineHits(t, 10));
  }

  private static long replay(Trace t, String policy, int size) {
    String name = "replaytest." + t.name() + "." + policy;
    Cache<String, byte[]> cache = redis.create(name, policy, size);
    try {
      return Replay.hits(t, cache);
    } finally {
      redis.destroy(name);
    }
  }

  /** Exact LRU (access order) or FIFO (insertion order) of {@code size} entries, get then put. */
  private static long modelHits(Trace t, int size, boolean accessOrder) {
    Map<Integer, Boolean> cache = new LinkedHashMap<>(16, 0.75f, accessOrder) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
        return size() > size;
      }
    };
    long hits = 0;
    for (int id : t.ids()) {
      if (cache.get(id) != null) {
        hits++;
      } else {
        cache.put(id, true);
      }
    }
    return hits;
  }
}
