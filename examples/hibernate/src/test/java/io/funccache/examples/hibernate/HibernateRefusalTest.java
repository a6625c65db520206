package io.funccache.examples.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.codec.CodecException;
import java.nio.file.Path;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hibernate's own containers are readable everywhere, but they do not open the allow-list for what
 * they hold: an application class inside a cached entity, which the reading instance never wrote
 * and which no allowedClasses pattern names, is refused before it is loaded.
 */
class HibernateRefusalTest {
  @TempDir Path dir;
  Instances instances;

  @BeforeEach
  void start() {
    instances = new Instances(dir, Parcel.class);
  }

  @AfterEach
  void stop() {
    instances.close();
  }

  @Test
  void applicationClassInsideAHibernateEntryIsRefusedByAnInstanceThatNeverWroteIt() {
    SessionFactory writer = instances.start();
    SessionFactory reader = instances.start();
    writer.inTransaction(s -> s.persist(new Parcel(1L, new Label("fragile"))));
    writer.getStatistics().clear();
    int before = Label.decodedFromTheCache;
    assertEquals("fragile", writer.fromTransaction(s -> s.find(Parcel.class, 1L).getLabel().text()));
    assertEquals(1, writer.getStatistics().getSecondLevelCacheHitCount(),
        "the instance that wrote the Label reads it back from the cache");
    assertEquals(before + 1, Label.decodedFromTheCache, "a Label decoded by funccache is counted");

    before = Label.decodedFromTheCache;
    // By default (onDecodeFailure: miss) the refusal is a cache miss: Hibernate loads the entity
    // from the database, and the request succeeds.
    reader.getStatistics().clear();
    assertEquals("fragile", reader.fromTransaction(s -> s.find(Parcel.class, 1L).getLabel().text()));
    assertEquals(0, reader.getStatistics().getSecondLevelCacheHitCount());
    assertEquals(1, reader.getStatistics().getSecondLevelCacheMissCount());
    assertEquals(before, Label.decodedFromTheCache, "the refused class was never deserialized");

    // With onDecodeFailure: throw, Hibernate hands the refusal to the caller, naming the class and
    // how to allow it (the reader above cached the entity again: a new instance reads it).
    SessionFactory strict = instances.withYaml("""
        defaults:
          onDecodeFailure: throw
        """).start();
    CodecException refused = assertThrows(CodecException.class,
        () -> strict.fromTransaction(s -> s.find(Parcel.class, 1L)));
    assertTrue(refused.getMessage().contains("refused to decode an instance of " + Label.class.getName()),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("allowedClasses"), refused.getMessage());
    assertEquals(before, Label.decodedFromTheCache, "the refused class was never deserialized");

    // Allowing it is one line of funccache.yaml, here by a pattern over the entity regions.
    SessionFactory allowed = instances.withYaml("""
        caches:
          "io.funccache.examples.hibernate.*":
            allowedClasses: [io.funccache.examples.hibernate.Label]
        """).start();
    assertEquals("fragile", allowed.fromTransaction(s -> s.find(Parcel.class, 1L).getLabel().text()));
    assertEquals(1, allowed.getStatistics().getSecondLevelCacheHitCount());
    assertEquals(before + 1, Label.decodedFromTheCache);
  }

  @Test
  void anApplicationEnumInAnEntityIsAnApplicationClassToo() {
    SessionFactory writer = instances.start();
    SessionFactory reader = instances.start();
    writer.inTransaction(s -> s.persist(new Parcel(2L, Priority.HIGH)));
    assertEquals(Priority.HIGH, writer.fromTransaction(s -> s.find(Parcel.class, 2L).getPriority()));
    reader.getStatistics().clear();
    assertEquals(Priority.HIGH, reader.fromTransaction(s -> s.find(Parcel.class, 2L).getPriority()));
    assertEquals(0, reader.getStatistics().getSecondLevelCacheHitCount(),
        "the enum is refused: a miss, loaded from the database");

    SessionFactory allowed = instances.withYaml("""
        caches:
          "io.funccache.examples.hibernate.*":
            allowedClasses: ["io.funccache.examples.hibernate.*"]
        """).start();
    assertEquals(Priority.HIGH, allowed.fromTransaction(s -> s.find(Parcel.class, 2L).getPriority()));
    assertEquals(1, allowed.getStatistics().getSecondLevelCacheHitCount());
  }
}
