package io.funccache.examples.quickstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCachingProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.Test;

/** Runs the quickstart against real Redis and checks the story it tells. */
class QuickstartTest {

  @Test
  void theOnlyProviderOnTheClassPathIsOurs() {
    // The packaged jar relocates Redisson and drops its JCache provider registration.
    CachingProvider provider = Caching.getCachingProvider();
    assertEquals(RedisCachingProvider.class, provider.getClass());
  }

  @Test
  void quickstartCachesAndEvictsAsItSays() {
    LocalRedis.ensureRunning(System.out);
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", "quickstart-test-" + UUID.randomUUID());
    CachingProvider provider = Caching.getCachingProvider();
    CacheManager manager = provider.getCacheManager(provider.getDefaultURI(),
        getClass().getClassLoader(), properties);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      new Quickstart(manager, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
      for (String name : manager.getCacheNames()) {
        manager.destroyCache(name);
      }
    } finally {
      manager.close();
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(output.contains("call 1: slowSquare(12) = 144") && output.contains("(computed)"),
        output);
    assertTrue(output.contains("call 2: slowSquare(12) = 144")
        && output.contains("(served from Redis)"), output);
    assertTrue(output.contains("evicted b because it was the least recently used; kept a, c, d"),
        output);
    assertTrue(output.contains("evicted c because it was the least frequently used; kept a, b, d"),
        output);
  }
}
