package io.funccache.examples.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.expiry.EternalExpiryPolicy;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regions configured in funccache.yaml by pattern, behind a hibernate.cache.region_prefix, and
 * the update-timestamps region kept whole although {@code defaults:} would bound it to 2 entries.
 */
class HibernateRegionConfigTest {
  static final String PREFIX = "shop";
  static final String TIMESTAMPS = PREFIX + ".default-update-timestamps-region";

  @TempDir Path dir;
  Instances instances;
  SessionFactory app;

  @BeforeEach
  void start() {
    instances = new Instances(dir, Book.class, Author.class, Country.class)
        .withProperty("hibernate.cache.region_prefix", PREFIX)
        .withYaml("""
            defaults:
              maxSize: 2
              ttl: 1m
              expiry: { policy: created, duration: 30s }
            caches:
              "shop.io.funccache.examples.hibernate.*": { policy: LFU, maxSize: 1000 }
            """);
    app = instances.start();
  }

  @AfterEach
  void stop() {
    instances.close();
  }

  @Test
  void regionsTakeThePatternAndTheTimestampsRegionIgnoresTheDefaults() {
    CacheManager manager = Instances.cacheManager(app);
    RedisCacheConfiguration<?, ?> book = config(manager, PREFIX + "." + Book.class.getName());
    assertEquals(EvictionPolicy.LFU, book.getPolicy());
    assertEquals(1000, book.getMaxSize());
    assertEquals(1000, config(manager, PREFIX + "." + Book.class.getName() + ".tags").getMaxSize());
    assertEquals(2, config(manager, PREFIX + ".default-query-results-region").getMaxSize());

    RedisCacheConfiguration<?, ?> timestamps = config(manager, TIMESTAMPS);
    assertEquals(0, timestamps.getMaxSize());
    assertNull(timestamps.getTtl());
    assertEquals(EternalExpiryPolicy.factoryOf(), timestamps.getExpiryPolicyFactory());
  }

  @Test
  void aCachedQueryStaysInvalidatedWhenMoreTablesAreWrittenThanDefaultsWouldKeep() {
    app.inTransaction(s -> {
      s.persist(new Book(1L, "978-0441013593", "Dune", new BigDecimal("9.99")));
      s.persist(new Author(10L, "Frank Herbert", LocalDate.of(1920, 10, 8)));
    });
    Statistics stats = app.getStatistics();
    assertEquals(List.of("Dune"), cheapTitles());
    assertEquals(List.of("Dune"), cheapTitles());
    assertEquals(1, stats.getQueryCacheHitCount());

    // The Book write first, then three more tables: with maxSize 2 the Book timestamp would be
    // the one evicted, and the query above would be served stale.
    app.inTransaction(s -> s.find(Book.class, 1L).setTitle("Dune Messiah"));
    app.inTransaction(s -> s.find(Book.class, 1L).getTags().add("sequel"));
    app.inTransaction(s -> s.find(Author.class, 10L).setName("F. Herbert"));
    app.inTransaction(s -> s.persist(new Country("NZ", "New Zealand")));

    assertEquals(List.of("Dune Messiah"), cheapTitles());
    assertEquals(1, stats.getQueryCacheHitCount(), "the stale result was not served");
    Cache<Object, Object> timestamps = Instances.cacheManager(app).getCache(TIMESTAMPS);
    for (String table : List.of("Book", "Book_tags", "Author", "Country")) {
      assertNotNull(timestamps.get(table), table + "'s last write is still known");
    }
  }

  private List<String> cheapTitles() {
    return app.fromTransaction(s -> s.createQuery(
            "select b.title from Book b where b.price < :max", String.class)
        .setParameter("max", new BigDecimal("10.00")).setCacheable(true).getResultList());
  }

  private static RedisCacheConfiguration<?, ?> config(CacheManager manager, String name) {
    Cache<Object, Object> cache = manager.getCache(name);
    assertNotNull(cache, name);
    return cache.getConfiguration(RedisCacheConfiguration.class);
  }
}
