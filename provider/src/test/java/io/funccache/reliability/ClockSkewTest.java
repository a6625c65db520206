package io.funccache.reliability;

import static io.funccache.testing.Uninterrupted.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.RedisCache;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two JVMs whose clocks differ by ten minutes (one five minutes behind, one five ahead) share
 * caches: expiry deadlines, leases and LRU_T scores come from Redis's clock, so the skew changes
 * nothing.
 */
@ExtendWith(RedisTest.class)
class ClockSkewTest {
  private static final Clock BEHIND = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5));
  private static final Clock AHEAD = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(5));

  private static <V> RedisCacheConfiguration<String, V> config(Class<V> type, Clock clock) {
    return new RedisCacheConfiguration<String, V>().setTypes(String.class, type).setClock(clock);
  }

  @Test
  void anEntryWrittenByASlowClockIsNotExpiredForAFastOneAndExpiresForBoth(RedisTestContext test)
      throws Exception {
    RedisCacheConfiguration<String, String> behind = config(String.class, BEHIND);
    behind.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
        new javax.cache.expiry.Duration(TimeUnit.MINUTES, 1)));
    Cache<String, String> slow = test.newManager().createCache("skew-expiry", behind);
    Cache<String, String> fast = test.newManager().createCache("skew-expiry",
        config(String.class, AHEAD));

    slow.put("k", "v");
    assertEquals("v", fast.get("k"), "a one-minute entry lives a minute for every JVM");

    RedisCacheConfiguration<String, String> brief = config(String.class, BEHIND);
    brief.setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
        new javax.cache.expiry.Duration(TimeUnit.MILLISECONDS, 200)));
    Cache<String, String> slowBrief = test.newManager().createCache("skew-brief", brief);
    Cache<String, String> fastBrief = test.newManager().createCache("skew-brief",
        config(String.class, AHEAD));
    slowBrief.put("k", "v");
    assertEquals("v", fastBrief.get("k"));
    Thread.sleep(400);
    assertNull(fastBrief.get("k"), "expired for the fast JVM");
    assertNull(slowBrief.get("k"), "and for the slow one");
  }

  @Test
  void lruTOrdersWritesByRedisTimeNotByTheWritersClocks(RedisTestContext test)
      throws Exception {
    Cache<String, String> fast = test.newManager().createCache("skew-lru-t",
        config(String.class, AHEAD).setPolicy(EvictionPolicy.LRU_T).setMaxSize(2));
    Cache<String, String> slow = test.newManager().createCache("skew-lru-t",
        config(String.class, BEHIND).setPolicy(EvictionPolicy.LRU_T).setMaxSize(2));
    fast.put("first", "1");
    Thread.sleep(5); // LRU_T has millisecond resolution
    slow.put("second", "2");
    Thread.sleep(5);
    slow.put("third", "3"); // the cache is full: the least recently written goes
    assertNull(slow.get("first"), "the oldest write was evicted, whoever's clock wrote it");
    assertEquals("2", fast.get("second"));
    assertEquals("3", fast.get("third"));
  }

  @Test
  void aLeaseHeldByASlowClockIsHonouredByAFastOne(RedisTestContext test) throws Exception {
    RedisCache<String, String> slow = test.newManager().createCache("skew-lease",
        config(String.class, BEHIND).setSingleFlight(true)
            .setSingleFlightLease(Duration.ofSeconds(30))).unwrap(RedisCache.class);
    RedisCache<String, String> fast = test.newManager().createCache("skew-lease",
        config(String.class, AHEAD).setSingleFlight(true)
            .setSingleFlightLease(Duration.ofSeconds(30))).unwrap(RedisCache.class);
    CountDownLatch computing = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    AtomicInteger fastComputations = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> holder = pool.submit(() -> slow.getOrCompute("k", key -> {
        computing.countDown();
        await(finish);
        return "from-slow";
      }));
      assertTrue(computing.await(10, TimeUnit.SECONDS));
      Future<String> waiter = pool.submit(() -> fast.getOrCompute("k", key -> {
        fastComputations.incrementAndGet();
        return "from-fast";
      }));
      Thread.sleep(500);
      assertEquals(0, fastComputations.get(),
          "the fast JVM took over a live lease: it judged it by its own clock");
      finish.countDown();
      assertEquals("from-slow", holder.get(10, TimeUnit.SECONDS));
      assertEquals("from-slow", waiter.get(10, TimeUnit.SECONDS));
    } finally {
      finish.countDown();
      pool.shutdownNow();
    }
  }

}
