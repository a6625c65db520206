package io.funccache.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.RedisCache;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.Duration;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two managers x 8 threads mixing every operation for a fixed time (system property
 * {@code funccache.soak.seconds}, 60 by default; the long soak sets more): no operation fails,
 * the invariants hold, Redis holds at most maxSize entries, and closing leaves no provider thread.
 */
@ExtendWith(RedisTest.class)
class SoakTest {
  private static final int MAX_SIZE = 500;

  @Test
  void mixedLoadKeepsEveryPromise(RedisTestContext redis) throws Exception {
    long seconds = Long.getLong("funccache.soak.seconds", 60);
    long nettyThreadsBefore = threadsNamed("redisson-netty").size();
    List<CacheManager> managers = List.of(redis.newManager(), redis.newManager());
    List<Cache<Integer, Long>> caches = new ArrayList<>();
    for (CacheManager manager : managers) {
      caches.add(manager.createCache("soak", new RedisCacheConfiguration<Integer, Long>()
          .setTypes(Integer.class, Long.class).setMaxSize(MAX_SIZE)
          .setExpiryPolicyFactory(TouchedExpiryPolicy.factoryOf(
              new Duration(TimeUnit.MILLISECONDS, 500)))));
    }
    AtomicLong operations = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      Cache<Integer, Long> cache = caches.get(t % 2);
      int seed = t;
      futures.add(pool.submit(() -> {
        Random random = new Random(seed);
        while (System.nanoTime() < end) {
          run(cache, random);
          operations.incrementAndGet();
        }
        return null;
      }));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(seconds + 120, TimeUnit.SECONDS));
    for (Future<?> future : futures) {
      future.get();
    }
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      inspector.assertInvariants(caches.get(0).unwrap(RedisCache.class).store().keys(), MAX_SIZE);
    }
    System.out.printf("soak: %d operations in %d s by 2 managers x 8 threads, no failure%n",
        operations.get(), seconds);
    for (CacheManager manager : managers) {
      manager.destroyCache("soak");
      manager.close();
    }
    assertNoProviderThreadLeft("funccache-" + redis.namespace(), nettyThreadsBefore);
  }

  private static void run(Cache<Integer, Long> cache, Random random) {
    int key = random.nextInt(2_000);
    switch (random.nextInt(14)) {
      case 0, 1, 2 -> cache.get(key);
      case 3, 4 -> cache.put(key, (long) key);
      case 5 -> cache.putIfAbsent(key, 1L);
      case 6 -> cache.replace(key, 2L);
      case 7 -> cache.remove(key);
      case 8 -> cache.getAndPut(key, 3L);
      case 9 -> {
        Map<Integer, Long> batch = new HashMap<>();
        for (int i = 0; i < 5; i++) {
          batch.put(random.nextInt(2_000), (long) i);
        }
        cache.putAll(batch);
      }
      case 10 -> cache.getAll(Set.of(key, key + 1, key + 2));
      case 11 -> cache.removeAll(Set.of(key, key + 1));
      case 12 -> cache.invoke(key, (entry, args) -> {
        entry.setValue(entry.exists() ? entry.getValue() + 1 : 0L);
        return null;
      });
      default -> {
        Iterator<Cache.Entry<Integer, Long>> it = cache.iterator();
        for (int i = 0; i < 10 && it.hasNext(); i++) {
          it.next();
        }
      }
    }
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .toList();
  }

  /** Our managers' own threads are gone, and Redisson's I/O threads are back to before. */
  private static void assertNoProviderThreadLeft(String ourPrefix, long nettyBefore)
      throws InterruptedException {
    for (int attempt = 0; attempt < 150; attempt++) {
      if (threadsNamed(ourPrefix).isEmpty()
          && threadsNamed("redisson-netty").size() <= nettyBefore) {
        return;
      }
      Thread.sleep(100);
    }
    assertEquals(List.of(), threadsNamed(ourPrefix), "provider threads alive after close");
    assertTrue(threadsNamed("redisson-netty").size() <= nettyBefore,
        "Redis connections' threads alive after close: " + threadsNamed("redisson-netty"));
  }
}
