package io.funccache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.funccache.config.ConfigException;
import io.funccache.testing.RedisServer;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caches declared in a YAML file exist with the manager and run with the file's settings. Until
 * someone obtains one, the first createCache of its name reopens it with the file's settings plus
 * the given configuration's (Spring Boot's {@code spring.cache.cache-names} does that) instead of
 * failing; createCache of a cache already obtained or created fails.
 */
@ExtendWith(RedisTest.class)
class DeclaredCachesTest {

  /** The declared.yaml resource, pointed at the Redis under test, as a file: URI. */
  private static CacheManager open(RedisTestContext redis, Path dir) throws Exception {
    String declared;
    try (InputStream in = DeclaredCachesTest.class.getResourceAsStream("declared.yaml")) {
      declared = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return open(redis, dir, declared);
  }

  /** A manager on a file holding {@code yaml}, pointed at the Redis under test. */
  private static CacheManager open(RedisTestContext redis, Path dir, String yaml)
      throws Exception {
    return new RedisCachingProvider().getCacheManager(write(dir, yaml),
        DeclaredCachesTest.class.getClassLoader(), namespaced(redis));
  }

  private static URI write(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("funccache.yaml");
    Files.writeString(file, "redis:\n  url: " + RedisServer.uri() + "\n" + yaml);
    return file.toUri();
  }

  private static Properties namespaced(RedisTestContext redis) {
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", redis.namespace());
    return properties;
  }

  private static void destroyAndClose(CacheManager manager) {
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
    manager.close();
  }

  /**
   * The statistics MXBean's name as Micrometer's JCacheMetrics (Spring Boot Actuator's cache
   * metrics) builds it for a lookup: the manager URI with ':' turned into '.', the name as is.
   */
  private static ObjectName statisticsName(CacheManager manager, String cache) throws Exception {
    return new ObjectName("javax.cache:type=CacheStatistics,CacheManager="
        + manager.getURI().toString().replace(':', '.') + ",Cache=" + cache);
  }

  private static boolean registered(ObjectName name) {
    return ManagementFactory.getPlatformMBeanServer().isRegistered(name);
  }

  private static long statistic(ObjectName name, String attribute) throws Exception {
    return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
  }

  @Test
  void declaredCachesExistBeforeAnyCreateCacheAndUseTheFileSettings(RedisTestContext redis,
      @TempDir Path dir) throws Exception {
    CacheManager manager = open(redis, dir);
    try {
      Set<String> names = new HashSet<>();
      manager.getCacheNames().forEach(names::add);
      assertEquals(Set.of("users", "plain"), names);
      Cache<String, String> users = manager.getCache("users", String.class, String.class);
      assertNotNull(users);
      RedisCacheConfiguration<?, ?> config = users.getConfiguration(RedisCacheConfiguration.class);
      assertEquals(EvictionPolicy.LFU, config.getPolicy());
      assertEquals(2, config.getMaxSize());
      assertEquals(EvictionPolicy.FIFO, manager.getCache("plain")
          .getConfiguration(RedisCacheConfiguration.class).getPolicy());
      users.put("a", "A");
      users.get("a");
      users.put("b", "B");
      users.put("c", "C");
      assertTrue(users.containsKey("a"), "LFU keeps the entry that was read");
      assertFalse(users.containsKey("b"));
      assertThrows(CacheException.class, () -> manager.createCache("users",
          new MutableConfiguration<>()));
      Cache<Object, Object> created = manager.createCache("other", new MutableConfiguration<>());
      assertEquals(100, created.getConfiguration(RedisCacheConfiguration.class).getMaxSize(),
          "a plain MutableConfiguration takes the file's defaults");
    } finally {
      destroyAndClose(manager);
    }
  }

  @Test
  void aDeclaredCacheOpensWithTheManagerWithStatisticsOn(RedisTestContext redis,
      @TempDir Path dir) throws Exception {
    CacheManager manager = open(redis, dir);
    try {
      ObjectName users = statisticsName(manager, "users");
      assertTrue(registered(users), "open with the manager, before anyone asks for it");
      Cache<String, String> cache = manager.getCache("users", String.class, String.class);
      assertTrue(cache.getConfiguration(RedisCacheConfiguration.class).isStatisticsEnabled(),
          "statistics default to on for a declared cache");
      assertTrue(registered(users), "found under the name Micrometer looks up");
      cache.put("a", "A");
      cache.get("a");
      cache.get("missing");
      cache.put("b", "B");
      cache.put("c", "C"); // maxSize 2, LFU: b goes
      cache.remove("a");
      assertEquals(3, statistic(users, "CachePuts"));
      assertEquals(1, statistic(users, "CacheHits"));
      assertEquals(1, statistic(users, "CacheMisses"));
      assertEquals(1, statistic(users, "CacheEvictions"), "a policy eviction is an eviction");
      assertEquals(1, statistic(users, "CacheRemovals"));
      assertSame(cache, manager.getCache("users"));
    } finally {
      destroyAndClose(manager);
    }
  }

  @Test
  void theFirstCreateCacheOfADeclaredCacheOpensItWithFileAndGivenSettings(
      RedisTestContext redis, @TempDir Path dir) throws Exception {
    CacheManager manager = open(redis, dir);
    try {
      // What Spring Boot does for spring.cache.cache-names right after opening the manager.
      Cache<Object, Object> plain = manager.createCache("plain", new MutableConfiguration<>());
      RedisCacheConfiguration<?, ?> plainConfig =
          plain.getConfiguration(RedisCacheConfiguration.class);
      assertEquals(EvictionPolicy.FIFO, plainConfig.getPolicy(), "from the file's defaults");
      assertEquals(100, plainConfig.getMaxSize());
      assertTrue(plainConfig.isStatisticsEnabled(), "declared: statistics on");
      assertSame(plain, manager.getCache("plain"));
      CacheException again = assertThrows(CacheException.class,
          () -> manager.createCache("plain", new MutableConfiguration<>()));
      assertTrue(again.getMessage().contains("'plain'") && again.getMessage().contains("declared"),
          again.getMessage());

      // The given configuration's JCache settings join the file's funccache settings.
      Cache<String, String> users = manager.createCache("users",
          new MutableConfiguration<String, String>()
              .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR))
              .setManagementEnabled(true));
      RedisCacheConfiguration<?, ?> usersConfig =
          users.getConfiguration(RedisCacheConfiguration.class);
      assertEquals(EvictionPolicy.LFU, usersConfig.getPolicy());
      assertEquals(2, usersConfig.getMaxSize());
      assertEquals(String.class, usersConfig.getKeyType(), "the file's keyType");
      assertEquals(CreatedExpiryPolicy.factoryOf(Duration.ONE_HOUR),
          usersConfig.getExpiryPolicyFactory());
      assertTrue(usersConfig.isManagementEnabled());
      assertSame(users, manager.getCache("users", String.class, String.class));
      users.put("a", "A");
      users.get("a");
      users.put("b", "B");
      users.put("c", "C");
      assertTrue(users.containsKey("a") && !users.containsKey("b"), "evicted by the file's LFU");
      assertEquals(3L, statistic(statisticsName(manager, "users"), "CachePuts"),
          "the MXBean is the new cache's, not the one opened with the manager");
    } finally {
      destroyAndClose(manager);
    }
  }

  @Test
  void createCacheAskingForOtherTypesThanTheFileDeclaresFailsAndChangesNothing(
      RedisTestContext redis, @TempDir Path dir) throws Exception {
    CacheManager manager = open(redis, dir);
    try {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> manager.createCache("users",
              new MutableConfiguration<Long, String>().setTypes(Long.class, String.class)));
      assertTrue(e.getMessage().contains("'users'") && e.getMessage().contains("java.lang.Long")
          && e.getMessage().contains("java.lang.String"), e.getMessage());
      assertNotNull(manager.createCache("users",
          new MutableConfiguration<String, String>().setTypes(String.class, String.class)),
          "still unclaimed: a createCache may still configure it");
    } finally {
      destroyAndClose(manager);
    }
  }

  @Test
  void aRedisCacheConfigurationIsStillTheWholeConfiguration(RedisTestContext redis,
      @TempDir Path dir) throws Exception {
    CacheManager manager = open(redis, dir);
    try {
      Cache<String, String> users = manager.createCache("users",
          new RedisCacheConfiguration<String, String>().setPolicy(EvictionPolicy.MRU)
              .setMaxSize(5));
      RedisCacheConfiguration<?, ?> config = users.getConfiguration(RedisCacheConfiguration.class);
      assertEquals(EvictionPolicy.MRU, config.getPolicy());
      assertEquals(5, config.getMaxSize());
      assertFalse(config.isStatisticsEnabled());
    } finally {
      destroyAndClose(manager);
    }
  }

  @Test
  void statisticsFollowTheFileAndStayOffForCachesCreatedInCode(RedisTestContext redis,
      @TempDir Path dir) throws Exception {
    CacheManager manager = open(redis, dir, """
        caches:
          quiet:
            statistics: false
          counted: {}
        """);
    try {
      assertFalse(manager.getCache("quiet").getConfiguration(RedisCacheConfiguration.class)
          .isStatisticsEnabled());
      assertTrue(manager.getCache("counted").getConfiguration(RedisCacheConfiguration.class)
          .isStatisticsEnabled());
      assertFalse(manager.createCache("inCode", new MutableConfiguration<>())
          .getConfiguration(RedisCacheConfiguration.class).isStatisticsEnabled(),
          "the specification's default for a MutableConfiguration");
      assertTrue(manager.createCache("asked", new MutableConfiguration<>()
          .setStatisticsEnabled(true)).getConfiguration(RedisCacheConfiguration.class)
          .isStatisticsEnabled());
    } finally {
      destroyAndClose(manager);
    }
    CacheManager counting = open(redis, dir, """
        defaults:
          statistics: true
        """);
    try {
      assertTrue(counting.createCache("inCode", new MutableConfiguration<>())
          .getConfiguration(RedisCacheConfiguration.class).isStatisticsEnabled(),
          "defaults: apply to caches created with a plain MutableConfiguration");
    } finally {
      destroyAndClose(counting);
    }
  }

  @Test
  void destroyCloseAndManagementOfDeclaredCaches(RedisTestContext redis, @TempDir Path dir)
      throws Exception {
    CacheManager manager = open(redis, dir);
    CacheManager other = new RedisCachingProvider().getCacheManager(manager.getURI(),
        DeclaredCachesTest.class.getClassLoader(), namespaced(redis));
    try {
      manager.getCache("plain").put("k", "v");
      other.getCache("plain").close();
      // Declared but closed in `other`: destroyCache there still removes the data in Redis.
      other.destroyCache("plain");
      assertNull(manager.getCache("plain").get("k"));
      Set<String> names = new HashSet<>();
      other.getCacheNames().forEach(names::add);
      assertEquals(Set.of("users", "plain"), names, "destroying data leaves the declaration");
      other.close();

      // enableManagement claims a declared cache and registers its MXBean.
      manager.enableManagement("users", true);
      ObjectName configuration = new ObjectName(statisticsName(manager, "users").toString()
          .replace("CacheStatistics", "CacheConfiguration"));
      assertTrue(registered(configuration));
      assertThrows(CacheException.class, () -> manager.createCache("users",
          new MutableConfiguration<>()), "claimed by enableManagement");
      manager.enableStatistics("users", false);
      assertFalse(registered(statisticsName(manager, "users")));

      // A closed declared cache is opened again, as new, by the next getCache ...
      Cache<Object, Object> closed = manager.getCache("users");
      closed.close();
      assertFalse(registered(configuration));
      Cache<Object, Object> reopened = manager.getCache("users");
      assertNotSame(closed, reopened);
      assertTrue(reopened.getConfiguration(RedisCacheConfiguration.class).isStatisticsEnabled(),
          "opened with the file's settings again");
      // ... or by a createCache, with the file's settings plus the configuration's.
      reopened.close();
      assertTrue(manager.createCache("users", new MutableConfiguration<>()
          .setManagementEnabled(true)).getConfiguration(RedisCacheConfiguration.class)
          .isManagementEnabled());
    } finally {
      other.close();
      destroyAndClose(manager);
    }
  }

  @Test
  void aDeclaredCacheIsThereForItsFirstUseWhileRedisIsDown(RedisTestContext redis,
      @TempDir Path dir) throws Exception {
    RedisServer.Started server = RedisServer.start(List.of(), true);
    try {
      Path file = dir.resolve("own-server.yaml");
      Files.writeString(file, "redis:\n  url: redis://127.0.0.1:" + server.port()
          + "\n  timeout: 500ms\ncaches:\n  users: {}\n");
      CacheManager manager = new RedisCachingProvider().getCacheManager(file.toUri(),
          DeclaredCachesTest.class.getClassLoader(), namespaced(redis));
      try {
        server.process().destroyForcibly().waitFor();
        // Opened with the manager: getCache needs no Redis, and the operation's failure is what
        // fail-open annotations (funccache-cdi) turn into running the method.
        Cache<Object, Object> users = manager.getCache("users");
        assertNotNull(users);
        assertThrows(CacheException.class, () -> users.get("k"));
      } finally {
        manager.close();
      }
    } finally {
      server.close();
    }
  }

  @Test
  void anUnusableDeclarationFailsGetCacheManagerThoughCachesOpenLazily(RedisTestContext redis,
      @TempDir Path dir) throws Exception {
    IllegalArgumentException codec = assertThrows(IllegalArgumentException.class,
        () -> open(redis, dir, """
            caches:
              fine: {}
              broken:
                codec: com.example.NoSuchCodec
            """));
    assertTrue(codec.getMessage().contains("'broken'")
        && codec.getMessage().contains("com.example.NoSuchCodec"), codec.getMessage());
    IllegalArgumentException shards = assertThrows(IllegalArgumentException.class,
        () -> open(redis, dir, """
            caches:
              split:
                maxSize: 2
                shards: 4
            """));
    assertTrue(shards.getMessage().contains("'split'"), shards.getMessage());
    ConfigException type = assertThrows(ConfigException.class, () -> open(redis, dir, """
        caches:
          typed:
            keyType: com.example.NoSuchType
        """));
    assertTrue(type.getMessage().contains("com.example.NoSuchType"), type.getMessage());
  }

  @Test
  void aBadFileFailsGetCacheManagerNamingTheFile() {
    ConfigException e = assertThrows(ConfigException.class, () -> new RedisCachingProvider()
        .getCacheManager(URI.create("classpath:io/funccache/config/typo.yaml"),
            getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("typo.yaml"), e.getMessage());
  }
}
