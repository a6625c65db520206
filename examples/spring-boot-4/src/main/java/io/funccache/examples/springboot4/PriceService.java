package io.funccache.examples.springboot4;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * A slow lookup cached with Spring's {@code @Cacheable} in the funccache cache {@code prices}
 * (LRU, maxSize 2 in {@code funccache.yaml}).
 */
@Service
public class PriceService {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  @Cacheable("prices")
  public String price(String product) {
    calls.computeIfAbsent(product, p -> new AtomicInteger()).incrementAndGet();
    Slow.pause();
    return product + ": " + (Math.abs(product.hashCode()) % 1000) + " cents";
  }

  /** Drops one product's price: Spring calls the JCache cache's {@code remove(key)}. */
  @CacheEvict("prices")
  public void forget(String product) {}

  /**
   * Drops every price: Spring calls the JCache cache's {@code removeAll()}, one script in Redis
   * however many entries there are.
   */
  @CacheEvict(cacheNames = "prices", allEntries = true)
  public void forgetAll() {}

  /** How often {@link #price} really ran for this product (cache misses). */
  public int calls(String product) {
    AtomicInteger count = calls.get(product);
    return count == null ? 0 : count.get();
  }

  public void resetCalls() {
    calls.clear();
  }
}
