package io.funccache.examples.micronaut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.micronaut.cache.SyncCache;
import io.micronaut.cache.jcache.JCacheManager;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Micronaut's {@code @Cacheable} on funccache, against the Redis on 127.0.0.1:6379. The caches
 * come from src/main/resources/funccache.yaml, as in the application; only the namespace is this
 * run's own, so parallel builds never share entries.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PriceServiceTest implements TestPropertyProvider {

  @Inject PriceService prices;
  @Inject CacheManager jcache;
  @Inject io.micronaut.cache.CacheManager<?> micronautCaches;
  @Inject ApplicationContext context;

  @Override
  public Map<String, String> getProperties() {
    return Map.of("funccache.namespace", "example-micronaut-test-" + UUID.randomUUID());
  }

  private Cache<Object, Object> pricesCache() {
    return jcache.getCache("prices");
  }

  @BeforeEach
  void emptyCaches() {
    pricesCache().clear();
    jcache.getCache("quotes").clear();
  }

  @AfterAll
  void destroyCaches() {
    for (String name : jcache.getCacheNames()) {
      jcache.destroyCache(name);
    }
  }

  @Test
  void micronautCachesAreFunccacheCaches() {
    // Set in application.yml (it is also the default).
    assertEquals(Optional.of(true), context.getProperty("micronaut.jcache.enabled", Boolean.class));
    assertInstanceOf(RedisCachingProvider.class, jcache.getCachingProvider());
    // micronaut.jcache.enabled: Micronaut Cache's JCache adapter replaced its default manager.
    JCacheManager adapter = assertInstanceOf(JCacheManager.class, micronautCaches);
    assertSame(jcache, adapter.getCacheManager());
    SyncCache<?> cache = adapter.getCache("prices");
    assertEquals("prices", cache.getName());
  }

  @Test
  void policyAndMaxSizeComeFromFunccacheYaml() {
    assertTrue(jcache.getURI().toString().endsWith("funccache.yaml"), jcache.getURI().toString());
    // Declared in funccache.yaml: the cache existed before anything asked for it.
    List<String> names = new ArrayList<>();
    jcache.getCacheNames().forEach(names::add);
    assertTrue(names.contains("prices"), names.toString());
    @SuppressWarnings("unchecked")
    RedisCacheConfiguration<Object, Object> config =
        pricesCache().getConfiguration(RedisCacheConfiguration.class);
    assertEquals(EvictionPolicy.LRU, config.getPolicy());
    assertEquals(3, config.getMaxSize());
  }

  @Test
  void firstCallMissesSecondCallHits() {
    String first = prices.price("sku-42");
    assertEquals(1, prices.lookups("sku-42"), "a miss runs the method");
    assertEquals(first, pricesCache().get("sku-42"), "the result is in Redis under the sku");

    String second = prices.price("sku-42");
    assertEquals(first, second);
    // The method's own count is the proof of a hit; wall time on a shared machine proves nothing.
    assertEquals(1, prices.lookups("sku-42"), "a hit does not run the method");
  }

  @Test
  void twoParameterMethodsAreKeyedByBothArguments() {
    assertEquals(prices.quote("sku-q", 2), prices.quote("sku-q", 2));
    assertEquals(1, prices.lookups("sku-q x2"), "the second call is a hit");
    prices.quote("sku-q", 5);
    assertEquals(1, prices.lookups("sku-q x5"), "another quantity is another key");
    // Iterating reads the keys back from Redis: ParametersKey round-trips through the codec.
    assertEquals(2, countEntries(jcache.getCache("quotes")));
  }

  @Test
  void aCacheMissingFromFunccacheYamlIsAConfigurationError() {
    // JCacheManager does not create caches: @Cacheable names must be declared in funccache.yaml.
    assertThrows(ConfigurationException.class,
        () -> ((JCacheManager) micronautCaches).getCache("undeclared"));
  }

  private static int countEntries(Cache<Object, Object> cache) {
    int count = 0;
    for (Cache.Entry<Object, Object> ignored : cache) {
      count++;
    }
    return count;
  }

  @Test
  void fullCacheEvictsTheLeastRecentlyUsedSku() {
    prices.price("sku-a");
    prices.price("sku-b");
    prices.price("sku-c");          // full: maxSize 3
    prices.price("sku-a");          // hit: sku-a is now the most recent, sku-b the least
    assertEquals(1, prices.lookups("sku-a"));
    prices.price("sku-d");          // miss: one entry must go, by LRU that is sku-b

    Cache<Object, Object> cache = pricesCache();
    assertFalse(cache.containsKey("sku-b"), "sku-b was the least recently used");
    assertTrue(cache.containsKey("sku-a") && cache.containsKey("sku-c")
        && cache.containsKey("sku-d"), "the others stay");

    for (String kept : List.of("sku-a", "sku-c", "sku-d")) {
      prices.price(kept);
      assertEquals(1, prices.lookups(kept), kept + " is still cached");
    }
    prices.price("sku-b");
    assertEquals(2, prices.lookups("sku-b"), "evicted sku-b is computed again");
  }
}
