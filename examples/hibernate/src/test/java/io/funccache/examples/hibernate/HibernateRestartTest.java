package io.funccache.examples.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application restarted: its SessionFactory (and with it its CacheManager) is closed, a new
 * one starts with a fresh CacheManager that never wrote anything, and the entries left in Redis
 * are hits, not refusals.
 */
class HibernateRestartTest {
  @TempDir Path dir;
  Instances instances;

  @BeforeEach
  void start() {
    instances = new Instances(dir, Book.class, Author.class, Country.class);
  }

  @AfterEach
  void stop() {
    instances.close();
  }

  @Test
  void entriesLeftInRedisAreHitsAfterARestart() {
    SessionFactory before = instances.start("app");
    before.inTransaction(s -> {
      Book book = new Book(1L, "978-0441013593", "Dune", new BigDecimal("9.99"));
      book.getTags().add("sf");
      s.persist(book);
      s.persist(new Country("NZ", "New Zealand"));
    });
    before.inTransaction(s -> s.find(Book.class, 1L).getTags().size());
    assertEquals(List.of("Dune"), titles(before));
    assertEquals(List.of("Dune"), titles(before)); // cached by the first run
    assertEquals(1, before.getStatistics().getQueryCacheHitCount());
    before.close();

    SessionFactory after = instances.start("app");
    Statistics stats = after.getStatistics();
    after.inTransaction(s -> {
      Book book = s.find(Book.class, 1L);
      assertEquals("Dune", book.getTitle());
      assertEquals(Set.of("sf"), book.getTags());
      assertEquals("New Zealand", s.find(Country.class, "NZ").getName());
    });
    after.inTransaction(s ->
        assertEquals(1L, s.bySimpleNaturalId(Book.class).load("978-0441013593").getId()));
    assertEquals(List.of("Dune"), titles(after));
    // The natural-id lookup resolves the id from its region, then finds the entity in the cache too.
    assertEquals(2, stats.getEntityStatistics(Book.class.getName()).getCacheHitCount());
    assertEquals(1, stats.getEntityStatistics(Country.class.getName()).getCacheHitCount());
    assertEquals(1, stats.getCollectionStatistics(Book.class.getName() + ".tags").getCacheHitCount());
    assertEquals(1, stats.getNaturalIdCacheHitCount());
    assertEquals(1, stats.getQueryCacheHitCount());
    assertEquals(0, stats.getPrepareStatementCount(), "nothing may come from the database");
    HibernateSharedCacheTest.report("after a restart", stats);
  }

  private static List<String> titles(SessionFactory sessionFactory) {
    return sessionFactory.fromTransaction(s -> s.createQuery(
            "select b.title from Book b order by b.title", String.class)
        .setCacheable(true).getResultList());
  }
}
