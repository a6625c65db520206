package io.funccache.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.RedisCache;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.expiry.CreatedExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two managers with near caches over one Redis cache: invalidation, the staleness bound, expiry, size. */
@ExtendWith(RedisTest.class)
class NearCacheTest {
  private final MutableClock clock = new MutableClock(50_000_000);

  private RedisCacheConfiguration<String, String> near(long maxSize) {
    return new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
        .setClock(clock).setNearCacheMaxSize(maxSize).setNearCacheTtl(Duration.ofSeconds(30));
  }

  /** Waits (up to 10 s of real time) for a value that pub/sub delivery will bring. */
  private static void eventually(String expected, Supplier<String> actual) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String last = actual.get();
    while (!java.util.Objects.equals(expected, last) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      last = actual.get();
    }
    assertEquals(expected, last);
  }

  @Test
  void anotherJvmsWriteInvalidatesOurNearEntry(RedisTestContext redis) throws Exception {
    Cache<String, String> a = redis.newManager().createCache("near", near(100));
    Cache<String, String> b = redis.newManager().createCache("near", near(100));
    a.put("k", "v1");
    assertEquals("v1", b.get("k"));
    a.put("k", "v2");
    eventually("v2", () -> b.get("k"));
    a.remove("k");
    eventually(null, () -> b.get("k"));
    a.put("k", "v3");
    assertEquals("v3", b.get("k"));
    a.clear();
    eventually(null, () -> b.get("k"));
  }

  @Test
  void aNearHitNeverLeavesTheJvmAndTheTtlBoundsStaleness(RedisTestContext redis) {
    Cache<String, String> cache = redis.newManager().createCache("bound", near(100));
    cache.put("k", "v1");
    assertEquals("v1", cache.get("k"));
    // Change Redis behind every client's back: no script runs, so nothing is published.
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      inspector.write("HDEL", cache.unwrap(RedisCache.class).store().keys().values(),
          inspector.snapshot(cache.unwrap(RedisCache.class).store().keys()).values().iterator()
              .next().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    clock.advance(29_999);
    assertEquals("v1", cache.get("k"), "served from the near cache, without Redis");
    clock.advance(1);
    assertNull(cache.get("k"), "never past the 30 s staleness bound");
  }

  @Test
  void ourOwnWritesAreSeenAtOnce(RedisTestContext redis) {
    Cache<String, String> cache = redis.newManager().createCache("own", near(100));
    cache.put("k", "v1");
    assertEquals("v1", cache.get("k"));
    cache.put("k", "v2");
    assertEquals("v2", cache.get("k"));
    cache.remove("k");
    assertNull(cache.get("k"));
  }

  @Test
  void nearEntriesNeverOutliveTheirExpiryNorTheSizeBound(RedisTestContext redis) {
    Cache<String, String> cache = redis.newManager().createCache("expiring", near(10)
        .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
            new javax.cache.expiry.Duration(TimeUnit.SECONDS, 5))));
    cache.put("k", "v");
    assertEquals("v", cache.get("k"));
    clock.advance(4_999);
    assertEquals("v", cache.get("k"));
    clock.advance(1);
    assertNull(cache.get("k"), "expired in Redis, so gone from the near cache too");
    for (int i = 0; i < 100; i++) {
      cache.put("n" + i, "v");
      cache.get("n" + i);
    }
    NearCache near = cache.unwrap(RedisCache.class).store().nearCache();
    assertTrue(near.size() <= 10, "near cache holds " + near.size());
  }
}
