package io.funccache.examples.quickstart;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * funccache in five minutes: a slow method cached in Redis, then eviction in small LRU and LFU
 * caches. Run it with the README's first command.
 */
public final class Quickstart {
  private final CacheManager manager;
  private final PrintStream out;

  Quickstart(CacheManager manager, PrintStream out) {
    this.manager = manager;
    this.out = out;
  }

  public static void main(String[] args) {
    LocalRedis.ensureRunning(System.out);
    // Plain JCache: funccache is the only CachingProvider on the class path.
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      new Quickstart(manager, System.out).run();
    } finally {
      manager.close();
      LocalRedis.stopIfStarted();
    }
  }

  void run() {
    cacheASlowMethod();
    showEviction(EvictionPolicy.LRU);
    showEviction(EvictionPolicy.LFU);
  }

  /** Like the seed's decorator: the first call computes, the second is served from Redis. */
  void cacheASlowMethod() {
    Cache<Integer, String> results = freshCache("quickstart.slow-square",
        new RedisCacheConfiguration<Integer, String>().setTypes(Integer.class, String.class)
            .setPolicy(EvictionPolicy.LRU).setMaxSize(1_000));
    int[] computations = {0};
    Function<Integer, String> cached = n -> {
      String hit = results.get(n);
      if (hit != null) {
        return hit;
      }
      computations[0]++;
      String computed = slowSquare(n);
      results.put(n, computed);
      return computed;
    };
    out.println("== Caching a slow method (LRU, maxSize 1000) ==");
    for (int call = 1; call <= 2; call++) {
      int before = computations[0];
      long start = System.nanoTime();
      String result = cached.apply(12);
      double millis = (System.nanoTime() - start) / 1e6;
      out.printf("call %d: slowSquare(12) = %s in %.1f ms (%s)%n", call, result, millis,
          computations[0] > before ? "computed" : "served from Redis");
    }
  }

  static String slowSquare(int n) {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Integer.toString(n * n);
  }

  /** Fills a cache of three, uses some entries, adds a fourth, and shows who had to go. */
  void showEviction(EvictionPolicy policy) {
    Cache<String, String> cache = freshCache("quickstart." + policy.name().toLowerCase(),
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setPolicy(policy).setMaxSize(3));
    out.println();
    out.println("== " + policy + " cache, maxSize 3 ==");
    for (String key : List.of("a", "b", "c")) {
      cache.put(key, key.toUpperCase());
    }
    out.println("put a, b, c");
    if (policy == EvictionPolicy.LRU) {
      cache.get("a");
      out.println("get a          -> a is now the most recently used; b the least");
    } else {
      for (int i = 0; i < 3; i++) {
        cache.get("a");
      }
      cache.get("b");
      cache.get("b");
      cache.get("c");
      out.println("get a x3, b x2, c x1 -> c is the least frequently used");
    }
    cache.put("d", "D");
    out.println("put d          -> the cache is full, one entry must go");
    List<String> kept = new ArrayList<>();
    List<String> evicted = new ArrayList<>();
    for (String key : List.of("a", "b", "c", "d")) {
      (cache.containsKey(key) ? kept : evicted).add(key);
    }
    String why = policy == EvictionPolicy.LRU ? "it was the least recently used"
        : "it was the least frequently used";
    out.println("evicted " + String.join(", ", evicted) + " because " + why + "; kept "
        + String.join(", ", kept));
  }

  private <K, V> Cache<K, V> freshCache(String name, RedisCacheConfiguration<K, V> config) {
    // Start from an empty cache so that every run prints the same story.
    manager.destroyCache(name);
    return manager.createCache(name, config);
  }
}
