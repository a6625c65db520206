package io.funccache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.config.ConfigLoader;
import io.funccache.config.FuncCacheSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.EternalExpiryPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What configuration a cache created with a plain MutableConfiguration gets from the file. */
class ConfigurationResolverTest {
  static final String DEFAULTS = """
      defaults:
        maxSize: 100
        ttl: 1h
        expiry: { policy: created, duration: 5m }
        nearCache: { maxSize: 50 }
      """;

  @TempDir Path dir;

  @Test
  void aPatternConfiguresEveryCacheCreatedWithAMatchingName() throws Exception {
    ConfigurationResolver resolver = resolver(DEFAULTS + """
        caches:
          "com.acme.model.*": { policy: LFU, maxSize: 500 }
          "com.acme.model.Order": { maxSize: 9 }
        """);
    RedisCacheConfiguration<Object, Object> customer = plain(resolver, "com.acme.model.Customer");
    assertEquals(EvictionPolicy.LFU, customer.getPolicy());
    assertEquals(500, customer.getMaxSize());
    assertEquals(Duration.ofHours(1), customer.getTtl(), "what the pattern leaves out: defaults");
    RedisCacheConfiguration<Object, Object> order = plain(resolver, "com.acme.model.Order");
    assertEquals(9, order.getMaxSize());
    assertEquals(EvictionPolicy.LRU, order.getPolicy(), "the exact entry wins, patterns do not merge");
    assertEquals(100, plain(resolver, "elsewhere").getMaxSize());
  }

  @Test
  void theUpdateTimestampsRegionIsNeverEvictedOrExpiredByDefaults() throws Exception {
    ConfigurationResolver resolver = resolver(DEFAULTS + """
        caches:
          "com.acme.*": { maxSize: 7 }
        """);
    for (String name : new String[] {"default-update-timestamps-region",
        "shop.default-update-timestamps-region"}) {
      RedisCacheConfiguration<Object, Object> timestamps = plain(resolver, name);
      assertEquals(0, timestamps.getMaxSize(), name);
      assertNull(timestamps.getTtl(), name);
      assertEquals(EternalExpiryPolicy.factoryOf(), timestamps.getExpiryPolicyFactory(), name);
      assertEquals(0, timestamps.getNearCacheMaxSize(), name);
    }
    // Its neighbours keep the defaults.
    RedisCacheConfiguration<Object, Object> queries = plain(resolver, "default-query-results-region");
    assertEquals(100, queries.getMaxSize());
    assertEquals(Duration.ofHours(1), queries.getTtl());
    assertFalse(queries.getExpiryPolicyFactory().equals(EternalExpiryPolicy.factoryOf()));
    assertEquals(100, plain(resolver, "default-update-timestamps-region-2").getMaxSize());
    assertEquals(100, plain(resolver, "my-default-update-timestamps-region").getMaxSize());
  }

  @Test
  void theUpdateTimestampsRegionTakesWhatTheFileSaysAboutItByNameOrPattern() throws Exception {
    RedisCacheConfiguration<Object, Object> named = plain(resolver(DEFAULTS + """
        caches:
          default-update-timestamps-region: { maxSize: 1000 }
        """), "default-update-timestamps-region");
    assertEquals(1000, named.getMaxSize());
    assertEquals(Duration.ofHours(1), named.getTtl());
    RedisCacheConfiguration<Object, Object> matched = plain(resolver(DEFAULTS + """
        caches:
          "shop.*": { maxSize: 2000 }
        """), "shop.default-update-timestamps-region");
    assertEquals(2000, matched.getMaxSize());
  }

  @Test
  void aCallersOwnExpiryOrRedisCacheConfigurationIsKept() throws Exception {
    ConfigurationResolver resolver = resolver(DEFAULTS);
    var oneMinute = CreatedExpiryPolicy.factoryOf(
        new javax.cache.expiry.Duration(TimeUnit.MINUTES, 1));
    RedisCacheConfiguration<Object, Object> withExpiry = resolver.resolve(
        "default-update-timestamps-region",
        new MutableConfiguration<>().setExpiryPolicyFactory(oneMinute));
    assertEquals(oneMinute, withExpiry.getExpiryPolicyFactory());
    assertEquals(0, withExpiry.getMaxSize());
    RedisCacheConfiguration<Object, Object> ours = resolver.resolve(
        "default-update-timestamps-region", new RedisCacheConfiguration<>().setMaxSize(5));
    assertEquals(5, ours.getMaxSize());
  }

  @Test
  void patternsAndTheTimestampsRuleLeaveDeclaredCachesAlone() throws Exception {
    FuncCacheSettings settings = settings(DEFAULTS + """
        caches:
          "com.acme.*": { maxSize: 7 }
          orders: { maxSize: 3 }
        """);
    assertEquals(java.util.Set.of("orders"), settings.caches().keySet());
    assertEquals(3, new ConfigurationResolver(settings, getClass().getClassLoader())
        .declared("orders").getMaxSize());
  }

  private static RedisCacheConfiguration<Object, Object> plain(ConfigurationResolver resolver,
      String name) {
    return resolver.resolve(name, new MutableConfiguration<>());
  }

  private ConfigurationResolver resolver(String yaml) throws Exception {
    return new ConfigurationResolver(settings(yaml), getClass().getClassLoader());
  }

  private FuncCacheSettings settings(String yaml) throws Exception {
    Path file = Files.createTempFile(dir, "funccache", ".yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file.toUri(), getClass().getClassLoader(), null);
  }
}
