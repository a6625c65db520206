package io.funccache.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application against real Redis (127.0.0.1:6379): Spring's {@code @Cacheable},
 * {@code @CacheEvict} and JSR-107's {@code @CacheResult} are served by funccache, with the policy
 * and size bound that {@code funccache.yaml} gives each cache, also for the caches that
 * {@code spring.cache.cache-names} lists; Actuator's cache metrics show funccache's statistics.
 */
@SpringBootTest(properties = "example.demo=false")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringBootExampleTest {

  /** A namespace of this run's own: no other test or run shares these caches' Redis keys. */
  static final String NAMESPACE = "spring-boot-example-test-" + UUID.randomUUID();

  /** Read by the application's JCachePropertiesCustomizer, which hands it to funccache. */
  @DynamicPropertySource
  static void ownNamespace(DynamicPropertyRegistry registry) {
    registry.add("funccache.namespace", () -> NAMESPACE);
  }

  @Autowired PriceService prices;
  @Autowired SquareService squares;
  @Autowired CacheManager jcache;
  @Autowired org.springframework.cache.CacheManager springCaches;
  @Autowired MeterRegistry meters;
  @Autowired Environment environment;

  @BeforeEach
  void startEmpty() {
    jcache.getCache("prices").clear();
    jcache.getCache("squares").clear();
    prices.resetCalls();
    squares.resetCalls();
  }

  @AfterAll
  void destroyCaches() {
    for (String name : jcache.getCacheNames()) {
      jcache.destroyCache(name);
    }
  }

  @Test
  void springUsesFunccacheWithTheYamlFile() {
    assertThat(jcache.getCachingProvider()).isInstanceOf(RedisCachingProvider.class);
    // Run from target/classes, Spring hands the provider a file: URI for classpath:funccache.yaml.
    assertThat(jcache.getURI().getScheme()).isEqualTo("file");
    assertThat(jcache.getURI().getPath()).endsWith("/funccache.yaml");
    assertThat(jcache.getProperties().getProperty("funccache.namespace")).isEqualTo(NAMESPACE);

    assertThat(springCaches).isInstanceOf(JCacheCacheManager.class);
    assertThat(springCaches.getCacheNames()).contains("prices", "squares");
    assertThat(springCaches.getCache("prices").getNativeCache())
        .isSameAs(jcache.getCache("prices"));
    assertThat(springCaches.getCache("squares").getNativeCache())
        .isSameAs(jcache.getCache("squares"));
  }

  @Test
  void cacheNamesListingDeclaredCachesStartAndUseTheFileSettings() {
    // Spring Boot called createCache for each of these right after opening the manager.
    assertThat(environment.getProperty("spring.cache.cache-names")).isEqualTo("prices,squares");
    assertThat(jcache.getCacheNames()).contains("prices", "squares");
    RedisCacheConfiguration<?, ?> prices = configuration("prices");
    assertThat(prices.getPolicy()).isEqualTo(EvictionPolicy.LRU);
    assertThat(prices.getMaxSize()).isEqualTo(2);
    assertThat(prices.isStatisticsEnabled()).as("on for caches the file declares").isTrue();
    assertThat(configuration("squares").getPolicy()).isEqualTo(EvictionPolicy.LFU);
  }

  @Test
  void policyAndMaxSizeComeFromFunccacheYaml() {
    RedisCacheConfiguration<?, ?> priceConfig = configuration("prices");
    assertThat(priceConfig.getPolicy()).isEqualTo(EvictionPolicy.LRU);
    assertThat(priceConfig.getMaxSize()).isEqualTo(2);

    RedisCacheConfiguration<?, ?> squareConfig = configuration("squares");
    assertThat(squareConfig.getPolicy()).isEqualTo(EvictionPolicy.LFU);
    assertThat(squareConfig.getMaxSize()).isEqualTo(3);
  }

  @Test
  void cacheableMissesThenHits() {
    String first = prices.price("apple");
    assertThat(prices.calls("apple")).isEqualTo(1);

    String second = prices.price("apple");
    assertThat(second).isEqualTo(first);
    assertThat(prices.calls("apple")).as("second call is served from the cache").isEqualTo(1);
    // The entry is in funccache, seen through the plain JCache API.
    assertThat(jcache.getCache("prices").get("apple")).isEqualTo(first);
  }

  @Test
  void cacheableEvictsTheLeastRecentlyUsedBeyondMaxSize() {
    prices.price("apple");
    prices.price("banana");
    prices.price("apple"); // a hit: apple is now the most recently used, banana the least
    assertThat(prices.calls("apple")).isEqualTo(1);
    assertThat(keys("prices")).containsExactlyInAnyOrder("apple", "banana");

    prices.price("cherry"); // maxSize 2: one entry must go, by LRU banana
    assertThat(keys("prices")).containsExactlyInAnyOrder("apple", "cherry");

    prices.price("apple");
    prices.price("cherry");
    assertThat(prices.calls("apple")).as("apple was kept").isEqualTo(1);
    assertThat(prices.calls("cherry")).as("cherry was kept").isEqualTo(1);
    prices.price("banana");
    assertThat(prices.calls("banana")).as("banana was evicted, so it runs again").isEqualTo(2);
  }

  @Test
  void cacheResultMissesThenHits() {
    assertThat(squares.square(12)).isEqualTo(144L);
    assertThat(squares.calls(12)).isEqualTo(1);

    assertThat(squares.square(12)).isEqualTo(144L);
    assertThat(squares.calls(12)).as("second call is served from the cache").isEqualTo(1);
    assertThat(jcache.getCache("squares").get(12)).isEqualTo(144L);
  }

  @Test
  void cacheResultEvictsTheLeastFrequentlyUsedBeyondMaxSize() {
    // Uses: 1 three times, 2 twice, 3 once but last. LFU must drop 3; LRU would have dropped 1.
    for (int i = 0; i < 3; i++) {
      squares.square(1);
    }
    squares.square(2);
    squares.square(2);
    squares.square(3);
    assertThat(keys("squares")).containsExactlyInAnyOrder(1, 2, 3);

    squares.square(4); // maxSize 3: one entry must go, by LFU 3
    assertThat(keys("squares")).containsExactlyInAnyOrder(1, 2, 4);

    squares.square(1);
    squares.square(2);
    squares.square(4);
    assertThat(squares.calls(1)).as("1 was kept").isEqualTo(1);
    assertThat(squares.calls(2)).as("2 was kept").isEqualTo(1);
    assertThat(squares.calls(4)).as("4 was kept").isEqualTo(1);
    squares.square(3);
    assertThat(squares.calls(3)).as("3 was evicted, so it runs again").isEqualTo(2);
  }

  @Test
  void cacheEvictRemovesOneEntryOrAll() {
    prices.price("apple");
    prices.price("banana");
    prices.forget("apple");
    assertThat(keys("prices")).containsExactly("banana");
    prices.price("cherry");
    prices.forgetAll(); // @CacheEvict(allEntries = true): Cache.removeAll()
    assertThat(keys("prices")).isEmpty();
    prices.price("banana");
    assertThat(prices.calls("banana")).as("computed again after the eviction").isEqualTo(2);
  }

  @Test
  void actuatorCacheMetricsShowFunccacheStatistics() {
    Map<String, Double> before = cacheMetrics("prices");
    prices.price("apple"); // miss, put
    prices.price("apple"); // hit
    prices.price("banana"); // miss, put
    prices.price("cherry"); // miss, put; maxSize 2, LRU: apple is evicted
    prices.forget("cherry"); // a removal
    Map<String, Double> after = cacheMetrics("prices");
    assertThat(delta(before, after)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "cache.gets[hit]", 1.0, "cache.gets[miss]", 3.0, "cache.puts", 3.0,
        "cache.evictions", 1.0, "cache.removals", 1.0));

    prices.forgetAll(); // removeAll() counts the one entry left (banana) as a removal
    assertThat(cacheMetrics("prices").get("cache.removals") - after.get("cache.removals"))
        .isEqualTo(1.0);
  }

  /** Actuator's cache meters for one cache, read now (they read funccache's MXBean). */
  private Map<String, Double> cacheMetrics(String cache) {
    Map<String, Double> values = new TreeMap<>();
    values.put("cache.gets[hit]", meter("cache.gets", cache, "hit"));
    values.put("cache.gets[miss]", meter("cache.gets", cache, "miss"));
    for (String name : List.of("cache.puts", "cache.evictions", "cache.removals")) {
      values.put(name, meter(name, cache, null));
    }
    return values;
  }

  private double meter(String name, String cache, String result) {
    Search search = meters.find(name).tag("cache", cache).tag("cache.manager", "cacheManager");
    if (result != null) {
      search = search.tag("result", result);
    }
    Meter meter = search.meter();
    assertThat(meter).as(name + " for " + cache).isNotNull();
    return meter.measure().iterator().next().getValue();
  }

  private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> delta = new TreeMap<>();
    after.forEach((name, value) -> delta.put(name, value - before.get(name)));
    return delta;
  }

  private RedisCacheConfiguration<?, ?> configuration(String name) {
    @SuppressWarnings("unchecked")
    RedisCacheConfiguration<?, ?> configuration =
        jcache.getCache(name).getConfiguration(RedisCacheConfiguration.class);
    return configuration;
  }

  /** The keys in a funccache cache; iterating does not change their policy scores. */
  private Set<Object> keys(String name) {
    Set<Object> keys = new HashSet<>();
    for (Cache.Entry<Object, Object> entry : jcache.<Object, Object>getCache(name)) {
      keys.add(entry.getKey());
    }
    return keys;
  }
}
