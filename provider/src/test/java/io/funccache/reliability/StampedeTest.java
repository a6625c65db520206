package io.funccache.reliability;

import static io.funccache.testing.Uninterrupted.sleep;
import static io.funccache.testing.Uninterrupted.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.RedisCache;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** singleFlight: one computation per missing key across threads and managers, and recovery. */
@ExtendWith(RedisTest.class)
class StampedeTest {
  private final MutableClock clock = new MutableClock(70_000_000);

  private RedisCache<String, String> cache(RedisTestContext redis) {
    return redis.newManager().createCache("stampede",
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setClock(clock).setSingleFlight(true).setSingleFlightLease(Duration.ofSeconds(5)))
        .unwrap(RedisCache.class);
  }

  @Test
  void aReadThroughGetCountsTheSameWithAndWithoutSingleFlight(RedisTestContext redis) {
    for (boolean singleFlight : new boolean[] {false, true}) {
      RedisCache<String, String> cache = redis.newManager().createCache("read-through",
          new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
              .setSingleFlight(singleFlight).setStatisticsEnabled(true).setReadThrough(true)
              .setCacheLoaderFactory(javax.cache.configuration.FactoryBuilder.factoryOf(
                  new ConstantLoader())))
          .unwrap(RedisCache.class);
      assertEquals("loaded", cache.get("k"));
      var statistics = cache.statistics();
      assertEquals(1, statistics.getCacheMisses(), "single flight " + singleFlight);
      assertEquals(0, statistics.getCachePuts(), "single flight " + singleFlight);
      assertEquals("loaded", cache.get("k"));
      assertEquals(1, statistics.getCacheHits(), "single flight " + singleFlight);
      redis.newManager().destroyCache("read-through");
    }
  }

  /** Loads "loaded" for every key. */
  static final class ConstantLoader
      implements javax.cache.integration.CacheLoader<String, String>, java.io.Serializable {
    @Override
    public String load(String key) {
      return "loaded";
    }

    @Override
    public java.util.Map<String, String> loadAll(Iterable<? extends String> keys) {
      java.util.Map<String, String> all = new java.util.HashMap<>();
      keys.forEach(key -> all.put(key, "loaded"));
      return all;
    }
  }

  @Test
  void twoManagersTimesSixteenThreadsComputeOnce(RedisTestContext redis) throws Exception {
    List<RedisCache<String, String>> caches = List.of(cache(redis), cache(redis));
    AtomicInteger runs = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int t = 0; t < 32; t++) {
      RedisCache<String, String> cache = caches.get(t % 2);
      results.add(pool.submit(() -> {
        start.await();
        return cache.getOrCompute("hot", key -> {
          runs.incrementAndGet();
          sleep(200);
          return "computed once";
        });
      }));
    }
    start.countDown();
    for (Future<String> result : results) {
      assertEquals("computed once", result.get(30, TimeUnit.SECONDS));
    }
    pool.shutdown();
    assertEquals(1, runs.get(), "the 200 ms method ran " + runs.get() + " times");
  }

  @Test
  void whenTheComputingClientDiesTheOthersTakeOverAfterTheLease(RedisTestContext redis)
      throws Exception {
    RedisCache<String, String> dying = cache(redis);
    RedisCache<String, String> survivor = cache(redis);
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(5);
    // The "dying" client takes the lease and never finishes (as a JVM killed mid-computation).
    pool.submit(() -> dying.getOrCompute("k", key -> {
      computing.countDown();
      await(never);
      return "from the dead";
    }));
    assertTrue(computing.await(10, TimeUnit.SECONDS));
    AtomicInteger runs = new AtomicInteger();
    List<Future<String>> waiting = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      waiting.add(pool.submit(() -> survivor.getOrCompute("k", key -> {
        runs.incrementAndGet();
        return "recovered";
      })));
    }
    Thread.sleep(300); // they poll the live lease meanwhile
    assertTrue(waiting.stream().noneMatch(Future::isDone), "a waiter did not wait for the lease");
    clock.advance(5_001); // the dead client's lease lapses
    for (Future<String> result : waiting) {
      assertEquals("recovered", result.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, runs.get());
    never.countDown();
    pool.shutdown();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals("recovered", survivor.get("k"), "the late finisher does not overwrite");
  }

}
