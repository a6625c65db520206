package io.funccache.examples.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application instances, each a SessionFactory with its own funccache CacheManager (its own
 * Redis client and codec state, as in a second JVM), sharing one database and one Redis
 * namespace. Whatever one caches, the other reads from Redis, with no funccache setting at all.
 */
class HibernateSharedCacheTest {
  static final String QUERY = "select b from Book b where b.price < :max order by b.id";

  @TempDir Path dir;
  Instances instances;
  SessionFactory writer;
  SessionFactory reader;

  @BeforeAll
  static void version() {
    System.out.println("[hibernate] Hibernate ORM " + org.hibernate.Version.getVersionString());
  }

  @BeforeEach
  void start() {
    instances = new Instances(dir, Book.class, Author.class, Country.class, Edition.class);
    writer = instances.start();
    reader = instances.start();
    writer.inTransaction(s -> {
      Book dune = new Book(1L, "978-0441013593", "Dune", new BigDecimal("9.99"));
      dune.getTags().addAll(Set.of("sf", "classic"));
      s.persist(dune);
      s.persist(new Book(2L, "978-0553293357", "Foundation", new BigDecimal("7.50")));
      s.persist(new Author(10L, "Frank Herbert", LocalDate.of(1920, 10, 8)));
      s.persist(new Country("NZ", "New Zealand"));
      s.persist(new Edition(new EditionId("978-0441013593", 1), 5000));
    });
    // Loads every entity and the collection once, so that each strategy has put it in the cache
    // (NONSTRICT_READ_WRITE caches on load only, not on insert).
    writer.inTransaction(s -> {
      s.find(Book.class, 1L).getTags().size();
      s.find(Author.class, 10L);
      s.find(Country.class, "NZ");
    });
    reader.getStatistics().clear();
  }

  @AfterEach
  void stop() {
    instances.close();
  }

  @Test
  void entitiesCollectionsAndNaturalIdsCachedByOneInstanceAreHitsInTheOther() {
    Statistics stats = reader.getStatistics();
    reader.inTransaction(s -> {
      Book dune = s.find(Book.class, 1L);
      assertEquals("Dune", dune.getTitle());
      assertEquals(new BigDecimal("9.99"), dune.getPrice());
      assertEquals(Set.of("sf", "classic"), dune.getTags());
      assertEquals("Frank Herbert", s.find(Author.class, 10L).getName());
      assertEquals("New Zealand", s.find(Country.class, "NZ").getName());
      assertEquals(5000, s.find(Edition.class, new EditionId("978-0441013593", 1)).getCopies());
    });
    reader.inTransaction(s -> {
      Book byIsbn = s.bySimpleNaturalId(Book.class).load("978-0441013593");
      assertEquals(1L, byIsbn.getId());
    });

    // The natural-id lookup resolves the id from its region, then finds the entity in the cache too.
    assertEquals(2, stats.getEntityStatistics(Book.class.getName()).getCacheHitCount());
    assertEquals(1, stats.getEntityStatistics(Author.class.getName()).getCacheHitCount());
    assertEquals(1, stats.getEntityStatistics(Country.class.getName()).getCacheHitCount());
    assertEquals(1, stats.getEntityStatistics(Edition.class.getName()).getCacheHitCount(),
        "a composite id is a hit too");
    assertEquals(1, stats.getCollectionStatistics(Book.class.getName() + ".tags").getCacheHitCount());
    assertEquals(1, stats.getNaturalIdCacheHitCount());
    assertEquals(0, stats.getSecondLevelCacheMissCount());
    assertEquals(0, stats.getPrepareStatementCount(), "nothing may come from the database");
    report("shared read", stats);
  }

  @Test
  void updatesThroughOneInstanceAreReadFromTheCacheByTheOther() {
    Statistics stats = reader.getStatistics();
    assertEquals("Dune", reader.fromTransaction(s -> s.find(Book.class, 1L).getTitle()));

    writer.inTransaction(s -> {
      Book dune = s.find(Book.class, 1L);
      dune.setTitle("Dune (50th anniversary)");
      dune.setPrice(new BigDecimal("12.00"));
      dune.getTags().add("anniversary");
      s.find(Author.class, 10L).setName("Frank Patrick Herbert");
    });
    stats.clear();

    reader.inTransaction(s -> {
      Book dune = s.find(Book.class, 1L);
      assertEquals("Dune (50th anniversary)", dune.getTitle());
      assertEquals(new BigDecimal("12.00"), dune.getPrice());
      assertEquals(1, dune.getVersion());
      assertEquals(Set.of("sf", "classic", "anniversary"), dune.getTags());
      assertEquals("Frank Patrick Herbert", s.find(Author.class, 10L).getName());
    });
    // READ_WRITE puts the new state in the cache at commit: a hit in the other instance.
    assertEquals(1, stats.getEntityStatistics(Book.class.getName()).getCacheHitCount());
    // The collection was evicted by the update and loaded again, from the database.
    assertEquals(0, stats.getCollectionStatistics(Book.class.getName() + ".tags").getCacheHitCount());
    // NONSTRICT_READ_WRITE evicts on update: the other instance misses and loads the new name...
    assertEquals(0, stats.getEntityStatistics(Author.class.getName()).getCacheHitCount());
    reader.inTransaction(s -> {
      s.find(Book.class, 1L).getTags().size();
      s.find(Author.class, 10L);
    });
    // ...which it then caches for everyone.
    assertEquals(1, stats.getEntityStatistics(Author.class.getName()).getCacheHitCount());
    assertEquals(1, stats.getCollectionStatistics(Book.class.getName() + ".tags").getCacheHitCount());
    writer.getStatistics().clear();
    assertEquals("Frank Patrick Herbert", writer.fromTransaction(s -> s.find(Author.class, 10L).getName()));
    assertEquals(1, writer.getStatistics().getEntityStatistics(Author.class.getName()).getCacheHitCount());
    report("after updates", stats);
  }

  @Test
  void cachedQueriesAreSharedAndInvalidatedByTheOtherInstancesWrites() {
    Statistics stats = reader.getStatistics();
    assertEquals(List.of(1L, 2L), cheaperThan(reader, "10.00"));
    assertEquals(0, stats.getQueryCacheHitCount());
    assertEquals(List.of(1L, 2L), cheaperThan(reader, "10.00"));
    assertEquals(1, stats.getQueryCacheHitCount());

    // The writer's instance finds the reader's cached result.
    writer.getStatistics().clear();
    assertEquals(List.of(1L, 2L), cheaperThan(writer, "10.00"));
    assertEquals(1, writer.getStatistics().getQueryCacheHitCount());

    // A write through the writer marks the table in the shared update-timestamps region...
    writer.inTransaction(s -> s.find(Book.class, 1L).setPrice(new BigDecimal("15.00")));
    assertNotNull(Instances.cacheManager(writer).getCache("default-update-timestamps-region")
        .get("Book"), "the write's timestamp is in Redis");

    // ...so the reader's cached result is stale: a miss, and the new answer from the database.
    long misses = stats.getQueryCacheMissCount();
    assertEquals(List.of(2L), cheaperThan(reader, "10.00"));
    assertEquals(misses + 1, stats.getQueryCacheMissCount());
    assertEquals(1, stats.getQueryCacheHitCount());
    assertEquals(List.of(2L), cheaperThan(reader, "10.00"));
    assertEquals(2, stats.getQueryCacheHitCount());
    report("queries", stats);
  }

  private static List<Long> cheaperThan(SessionFactory sessionFactory, String max) {
    return sessionFactory.fromTransaction(s -> s.createQuery(QUERY, Book.class)
        .setParameter("max", new BigDecimal(max))
        .setCacheable(true)
        .getResultList().stream().map(Book::getId).toList());
  }

  static void report(String what, Statistics stats) {
    System.out.printf("[hibernate] %s, second instance: %d second-level hits, %d misses, %d puts;"
            + " %d natural-id hits; %d query hits, %d misses%n", what,
        stats.getSecondLevelCacheHitCount(), stats.getSecondLevelCacheMissCount(),
        stats.getSecondLevelCachePutCount(), stats.getNaturalIdCacheHitCount(),
        stats.getQueryCacheHitCount(), stats.getQueryCacheMissCount());
  }
}
