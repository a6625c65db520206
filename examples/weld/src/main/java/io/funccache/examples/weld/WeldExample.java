package io.funccache.examples.weld;

import java.io.PrintStream;
import javax.cache.Caching;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * Boots Weld SE (bean discovery finds this jar's beans and funccache-cdi's interceptors), then
 * calls a slow {@code @CacheResult} method twice: the first call computes, the second is served
 * from Redis. Redis: {@code funccache.redis.url} / {@code FUNCCACHE_REDIS_URL}, else
 * {@code redis://127.0.0.1:6379}.
 */
public final class WeldExample {

  /** What a run did: the answers, the timings and how often the slow method really ran. */
  public record Outcome(String first, double firstMillis, String second, double secondMillis,
      int computations) {}

  private WeldExample() {}

  public static void main(String[] args) {
    try {
      run(System.out);
    } finally {
      // Closes the managers the interceptors opened, and with them the Redis connections.
      Caching.getCachingProvider().close();
    }
  }

  public static Outcome run(PrintStream out) {
    try (WeldContainer container = new Weld().initialize()) {
      PriceService prices = container.select(PriceService.class).get();
      prices.forget("ABC-1"); // start from a cold cache, even on a second run

      long start = System.nanoTime();
      String first = prices.quote("ABC-1");
      double firstMillis = (System.nanoTime() - start) / 1e6;
      int afterFirst = prices.computations();
      out.printf("call 1: quote(ABC-1) = %s in %.1f ms (%s)%n", first, firstMillis,
          afterFirst == 1 ? "computed" : "served from Redis");

      start = System.nanoTime();
      String second = prices.quote("ABC-1");
      double secondMillis = (System.nanoTime() - start) / 1e6;
      int computations = prices.computations();
      out.printf("call 2: quote(ABC-1) = %s in %.1f ms (%s)%n", second, secondMillis,
          computations == afterFirst ? "served from Redis" : "computed");
      return new Outcome(first, firstMillis, second, secondMillis, computations);
    }
  }
}
