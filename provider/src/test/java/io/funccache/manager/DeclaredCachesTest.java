package io.funccache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Caches declared in a YAML file exist with the manager and run with the file's settings. */
@ExtendWith(RedisTest.class)
class DeclaredCachesTest {

  /** The declared.yaml resource, pointed at the Redis under test, as a file: URI. */
  private static CacheManager open(RedisTestContext redis, Path dir) throws Exception {
    String declared;
    try (InputStream in = DeclaredCachesTest.class.getResourceAsStream("declared.yaml")) {
      declared = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = dir.resolve("funccache.yaml");
    Files.writeString(file, "redis:\n  url: " + RedisServer.uri() + "\n" + declared);
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", redis.namespace());
    return new RedisCachingProvider().getCacheManager(file.toUri(),
        DeclaredCachesTest.class.getClassLoader(), properties);
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
      for (String name : manager.getCacheNames()) {
        manager.destroyCache(name);
      }
      manager.close();
    }
  }

  @Test
  void aBadFileFailsGetCacheManagerNamingTheFile() {
    ConfigException e = assertThrows(ConfigException.class, () -> new RedisCachingProvider()
        .getCacheManager(URI.create("classpath:io/funccache/config/typo.yaml"),
            getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("typo.yaml"), e.getMessage());
  }
}
