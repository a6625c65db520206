package io.funccache.examples.micronaut;

import io.micronaut.cache.annotation.Cacheable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slow lookups whose results live in funccache's "prices" and "quotes" caches, declared in
 * funccache.yaml.
 */
@Singleton
public class PriceService {

  static final Duration LOOKUP_TIME = Duration.ofMillis(300);

  private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

  /** Runs only when "prices" has no entry for {@code sku}; the key is the sku itself. */
  @Cacheable("prices")
  public String price(String sku) {
    lookups.computeIfAbsent(sku, s -> new AtomicInteger()).incrementAndGet();
    try {
      Thread.sleep(LOOKUP_TIME.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while looking up " + sku, e);
    }
    return sku + ": " + unitPrice(sku) + " EUR";
  }

  private static double unitPrice(String sku) {
    return (Math.abs(sku.hashCode() % 9000) + 1000) / 100.0;
  }

  /**
   * A method of two parameters: Micronaut's key is then a {@code ParametersKey} of both, which
   * funccache stores with Java serialization (it is {@code Serializable}).
   */
  @Cacheable("quotes")
  public String quote(String sku, int quantity) {
    lookups.computeIfAbsent(sku + " x" + quantity, s -> new AtomicInteger()).incrementAndGet();
    return quantity + " x " + sku + " = " + quantity * unitPrice(sku) + " EUR";
  }

  /** How many times {@link #price} really ran for {@code sku} (or {@link #quote} for "sku xN"). */
  public int lookups(String sku) {
    AtomicInteger count = lookups.get(sku);
    return count == null ? 0 : count.get();
  }
}
