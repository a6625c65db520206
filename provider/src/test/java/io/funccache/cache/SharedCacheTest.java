package io.funccache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.testing.Hammer;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.Duration;
import javax.cache.expiry.TouchedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Caches shared by managers with their own Redis clients, and hammered by threads. */
@ExtendWith(RedisTest.class)
class SharedCacheTest {

  private static RedisCacheConfiguration<Integer, String> bounded(int maxSize) {
    return new RedisCacheConfiguration<Integer, String>().setTypes(Integer.class, String.class)
        .setPolicy(EvictionPolicy.LRU).setMaxSize(maxSize);
  }

  @Test
  void twoManagersSeeEachOthersWritesAndShareOneBound(RedisTestContext redis) {
    CacheManager a = redis.newManager();
    CacheManager b = redis.newManager();
    Cache<Integer, String> viaA = a.createCache("shared", bounded(10));
    Cache<Integer, String> viaB = b.createCache("shared", bounded(10));
    viaA.put(1, "from a");
    assertEquals("from a", viaB.get(1));
    viaB.put(1, "from b");
    assertEquals("from b", viaA.get(1));
    for (int i = 2; i <= 20; i++) {
      (i % 2 == 0 ? viaA : viaB).put(i, "v" + i);
    }
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      RedisCache<?, ?> raw = viaA.unwrap(RedisCache.class);
      assertEquals(10, inspector.assertInvariants(raw.store().keys(), 10).values().size());
    }
    for (int i = 11; i <= 20; i++) {
      assertEquals("v" + i, viaA.get(i), "the ten newest survive, whoever wrote them");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"eternal", "expiring"})
  void eightThreadsOfMixedOperationsKeepTheInvariants(String expiry, RedisTestContext redis)
      throws Exception {
    CacheManager manager = redis.newManager();
    RedisCacheConfiguration<Integer, String> configuration = bounded(100);
    if (expiry.equals("expiring")) {
      // Entries expire while the threads run, so sweeps and deadline updates race with writes.
      configuration.setExpiryPolicyFactory(
          TouchedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, 3)));
    }
    Cache<Integer, String> cache = manager.createCache("hammered", configuration);
    Hammer.mixedOperations(cache, 8, 10_000);
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
      int size = inspector.assertInvariants(raw.store().keys(), 100).values().size();
      assertTrue(size <= 100, "size " + size);
    }
  }
}
