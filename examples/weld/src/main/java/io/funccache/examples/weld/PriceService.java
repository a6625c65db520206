package io.funccache.examples.weld;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;

/** A slow service whose answers are cached in Redis by the JCache annotations. */
@ApplicationScoped
@CacheDefaults(cacheName = "weld-example.quotes")
public class PriceService {

  private final AtomicInteger computations = new AtomicInteger();

  /** Takes a second, as if it asked a remote pricing system. */
  @CacheResult
  public String quote(String sku) {
    computations.incrementAndGet();
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return sku + ": 42.00 EUR";
  }

  /** Drops the cached quote of {@code sku}. */
  @CacheRemove
  public void forget(String sku) {}

  /** How many times {@link #quote} really ran in this JVM. */
  public int computations() {
    return computations.get();
  }
}
