package io.funccache.examples.weld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the example on real Redis, in a namespace of its own, and checks its story. */
class WeldExampleTest {

  private static final String URL = "funccache.redis.url";
  private String previous;

  @BeforeEach
  void ownNamespace() {
    previous = System.getProperty(URL);
    System.setProperty(URL, "redis://127.0.0.1:6379/0?namespace=weld-example-test-"
        + UUID.randomUUID());
  }

  @AfterEach
  void cleanUp() {
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    if (manager.getCache("weld-example.quotes") != null) {
      manager.destroyCache("weld-example.quotes");
    }
    manager.close();
    if (previous == null) {
      System.clearProperty(URL);
    } else {
      System.setProperty(URL, previous);
    }
  }

  @Test
  void secondCallIsServedFromRedis() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    WeldExample.Outcome outcome =
        WeldExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String output = bytes.toString(StandardCharsets.UTF_8);

    assertEquals(1, outcome.computations(), output);
    assertEquals(outcome.first(), outcome.second());
    assertTrue(outcome.firstMillis() >= 1_000, output);
    assertTrue(outcome.secondMillis() < outcome.firstMillis(), output);
    assertTrue(output.contains("call 1: quote(ABC-1) = ABC-1: 42.00 EUR in")
        && output.contains("(computed)"), output);
    assertTrue(output.contains("call 2: quote(ABC-1) = ABC-1: 42.00 EUR in")
        && output.contains("(served from Redis)"), output);
  }
}
