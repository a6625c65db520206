package io.funccache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.funccache.cache.RedisCache;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.net.URLClassLoader;
import java.net.URL;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.configuration.OptionalFeature;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Provider and manager lifecycle, lookup and destruction, on real Redis. */
@ExtendWith(RedisTest.class)
class CacheManagerTest {

  private static Properties namespaced(RedisTestContext redis) {
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", redis.namespace());
    return properties;
  }

  @Test
  void managersAreKeptPerUriAndClassLoaderUntilClosed(RedisTestContext redis) {
    RedisCachingProvider provider = new RedisCachingProvider();
    ClassLoader loader = getClass().getClassLoader();
    ClassLoader other = new URLClassLoader(new URL[0], loader);
    try {
      CacheManager a = provider.getCacheManager(redis.uri(), loader, namespaced(redis));
      assertSame(a, provider.getCacheManager(redis.uri(), loader));
      CacheManager b = provider.getCacheManager(redis.uri(), other, namespaced(redis));
      assertNotSame(a, b);
      assertEquals(redis.namespace(), provider.getCacheManager(redis.uri(), loader)
          .getProperties().getProperty("funccache.namespace"), "the first properties survive");
      provider.close(redis.uri(), loader);
      assertTrue(a.isClosed());
      assertFalse(b.isClosed());
      CacheManager again = provider.getCacheManager(redis.uri(), loader, namespaced(redis));
      assertNotSame(a, again);
      provider.close(other);
      assertTrue(b.isClosed());
      provider.close();
      assertTrue(again.isClosed());
      assertThrows(IllegalStateException.class, () -> again.createCache("x",
          new MutableConfiguration<>()));
      assertThrows(IllegalStateException.class, again::getCacheNames);
    } finally {
      provider.close();
    }
  }

  @Test
  void createGetAndNames(RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    Cache<String, Long> typed = manager.createCache("typed",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    assertThrows(CacheException.class, () -> manager.createCache("typed",
        new MutableConfiguration<>()));
    assertSame(typed, manager.getCache("typed", String.class, Long.class));
    assertSame(typed, manager.getCache("typed"));
    assertThrows(ClassCastException.class,
        () -> manager.getCache("typed", String.class, String.class));
    assertThrows(NullPointerException.class, () -> manager.getCache("typed", null, Long.class));
    assertNull(manager.getCache("nope"));
    Iterable<String> names = manager.getCacheNames();
    manager.createCache("second", new MutableConfiguration<>());
    Set<String> snapshot = new HashSet<>();
    names.forEach(snapshot::add);
    assertEquals(Set.of("typed"), snapshot, "getCacheNames is a snapshot");
    assertThrows(UnsupportedOperationException.class,
        () -> names.iterator().remove());
    assertThrows(UnsupportedOperationException.class, () -> manager.createCache("byRef",
        new MutableConfiguration<>().setStoreByValue(false)));
    assertFalse(manager.getCachingProvider().isSupported(OptionalFeature.STORE_BY_REFERENCE));
  }

  @Test
  void destroyCacheDeletesTheRedisDataEvenWhenNotOpenHere(RedisTestContext redis) {
    CacheManager writer = redis.newManager();
    Cache<String, String> cache = writer.createCache("doomed", new MutableConfiguration<>());
    cache.put("a", "b");
    RedisCache<?, ?> redisCache = cache.unwrap(RedisCache.class);
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      assertEquals(1, inspector.snapshot(redisCache.store().keys()).values().size());
      CacheManager other = redis.newManager();
      other.destroyCache("doomed");
      assertTrue(inspector.snapshot(redisCache.store().keys()).values().isEmpty());
      writer.destroyCache("doomed");
      assertTrue(cache.isClosed());
      assertThrows(IllegalStateException.class, () -> cache.get("a"));
    }
  }

  @Test
  void createCacheBindsToDataWrittenByAnotherJvmWithoutWipingIt(RedisTestContext redis) {
    CacheManager first = redis.newManager();
    first.createCache("shared", new MutableConfiguration<String, String>()).put("k", "v");
    first.close();
    CacheManager second = redis.newManager();
    Cache<String, String> again = second.createCache("shared", new MutableConfiguration<>());
    assertEquals("v", again.get("k"));
  }

  @Test
  void aShrunkenMaxSizeIsAppliedToExistingEntries(RedisTestContext redis) {
    CacheManager first = redis.newManager();
    Cache<Integer, Integer> big = first.createCache("resized",
        new RedisCacheConfiguration<Integer, Integer>().setPolicy(EvictionPolicy.FIFO)
            .setMaxSize(100));
    for (int i = 0; i < 100; i++) {
      big.put(i, i);
    }
    first.close();
    CacheManager second = redis.newManager();
    Cache<Integer, Integer> small = second.createCache("resized",
        new RedisCacheConfiguration<Integer, Integer>().setPolicy(EvictionPolicy.LRU)
            .setMaxSize(10));
    int count = 0;
    for (Cache.Entry<Integer, Integer> entry : small) {
      assertTrue(entry.getKey() >= 90, "FIFO order kept: the newest ten stay, got " + entry);
      count++;
    }
    assertEquals(10, count);
  }

  @Test
  void unwrapAndUri(RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    assertSame(manager, manager.unwrap(RedisCacheManager.class));
    assertThrows(IllegalArgumentException.class, () -> manager.unwrap(String.class));
    assertEquals(redis.uri(), manager.getURI());
  }

  @Test
  void statisticsMxBeansWorkForAUriWithAQueryAndSurviveAnotherManagerOfTheSameUri(
      RedisTestContext redis) throws Exception {
    // '?' would make the MXBean's name a pattern, which the MBean server refuses to register.
    URI uri = URI.create(redis.uri() + "?namespace=" + redis.namespace() + "&timeout=2s");
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + uri.toString().replaceAll("[:=?]", ".") + ",Cache=counted");
    RedisCachingProvider provider = new RedisCachingProvider();
    RedisCachingProvider otherProvider = new RedisCachingProvider();
    try {
      MutableConfiguration<String, String> counted =
          new MutableConfiguration<String, String>().setStatisticsEnabled(true);
      Cache<String, String> cache = provider.getCacheManager(uri, getClass().getClassLoader())
          .createCache("counted", counted);
      cache.put("k", "v");
      assertEquals(1L, server.getAttribute(name, "CachePuts"));
      // Another manager of the same URI (another class loader, say) has a cache of that name.
      CacheManager other = otherProvider.getCacheManager(uri, getClass().getClassLoader());
      other.createCache("counted", counted);
      other.close();
      assertEquals(1L, server.getAttribute(name, "CachePuts"),
          "the other manager's close left this cache's MXBean alone");
      cache.close();
      assertFalse(server.isRegistered(name));
    } finally {
      provider.getCacheManager(uri, getClass().getClassLoader()).destroyCache("counted");
      provider.close();
      otherProvider.close();
    }
  }

  @Test
  void unreachableRedisFailsFastNamingTheAddress() {
    URI nowhere = URI.create("redis://127.0.0.1:1?connectTimeout=500ms&timeout=500ms");
    long start = System.nanoTime();
    CacheException e = assertThrows(CacheException.class,
        () -> new RedisCachingProvider().getCacheManager(nowhere, getClass().getClassLoader()));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    assertTrue(millis < 30_000, "gave up after " + millis + " ms");
  }

  @Test
  void aRedisThatNeverAnswersTheConnectionFailsWithinTheConnectTimeout() throws Exception {
    // A listener whose accept queue is full: the kernel drops further SYNs, so a connect hangs
    // (as to a firewalled host) instead of being refused at once.
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      List<java.net.Socket> queued = new ArrayList<>();
      try {
        while (true) {
          java.net.Socket filler = new java.net.Socket();
          queued.add(filler);
          try {
            filler.connect(silent.getLocalSocketAddress(), 200);
          } catch (java.net.SocketTimeoutException full) {
            break;
          }
          assertTrue(queued.size() < 20, "the accept queue never filled");
        }
        URI silentUri = URI.create("redis://127.0.0.1:" + silent.getLocalPort()
            + "?connectTimeout=1s&timeout=1s&retryAttempts=0");
        long start = System.nanoTime();
        CacheException e = assertThrows(CacheException.class,
            () -> new RedisCachingProvider().getCacheManager(silentUri, getClass().getClassLoader()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("a silent address: failed after %d ms (connectTimeout 1 s)%n", millis);
        assertTrue(e.getMessage().contains("127.0.0.1:" + silent.getLocalPort()), e.getMessage());
        assertTrue(millis >= 900, "failed after " + millis + " ms: the connect did not wait");
        assertTrue(millis < 10_000, "waited " + millis + " ms with a 1 s connect timeout");
      } finally {
        for (java.net.Socket socket : queued) {
          socket.close();
        }
      }
    }
  }

  @Test
  void aValkeyUriConnectsLikeARedisOne(RedisTestContext redis, @org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    URI valkey = URI.create("valkey://" + redis.uri().getHost() + ":" + redis.uri().getPort()
        + "?namespace=" + redis.namespace());
    CacheManager manager = new RedisCachingProvider().getCacheManager(valkey,
        getClass().getClassLoader());
    try {
      Cache<String, String> cache = manager.createCache("valkey", new MutableConfiguration<>());
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      manager.destroyCache("valkey");
    } finally {
      manager.close();
    }
    java.nio.file.Path yaml = dir.resolve("funccache.yaml");
    java.nio.file.Files.writeString(yaml, "redis:\n  url: " + valkey.toString().replace(
        "?namespace=" + redis.namespace(), "") + "\nnamespace: " + redis.namespace() + "\n");
    CacheManager fromFile = new RedisCachingProvider().getCacheManager(yaml.toUri(),
        getClass().getClassLoader());
    try {
      Cache<String, String> cache = fromFile.createCache("valkey-yaml", new MutableConfiguration<>());
      cache.put("k", "w");
      assertEquals("w", cache.get("k"));
      fromFile.destroyCache("valkey-yaml");
    } finally {
      fromFile.close();
    }
  }
}
