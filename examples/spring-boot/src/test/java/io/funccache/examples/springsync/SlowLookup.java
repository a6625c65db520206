package io.funccache.examples.springsync;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;

/**
 * A slow method cached with {@code @Cacheable(sync = true)}: Spring then asks the cache to
 * compute a missing value once ({@code JCacheCache.get(key, loader)}, i.e. {@code Cache.invoke}
 * with its value loader inside the entry processor). Counts how often it really runs.
 */
public class SlowLookup {
  static final String CACHE = "sync-lookups";

  private final AtomicInteger runs = new AtomicInteger();
  private volatile long millis = 300;
  private volatile boolean failing;

  @Cacheable(cacheNames = CACHE, sync = true)
  public String lookup(String key) {
    runs.incrementAndGet();
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failing) {
      throw new IllegalStateException("lookup of " + key + " failed");
    }
    return "value of " + key;
  }

  int runs() {
    return runs.get();
  }

  /** From now on the method takes {@code millis} and then throws. */
  void failAfter(long millis) {
    this.millis = millis;
    this.failing = true;
  }
}
