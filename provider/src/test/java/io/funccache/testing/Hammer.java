package io.funccache.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;

/** Concurrent load for invariant tests: the same mix of operations on every topology. */
public final class Hammer {
  private Hammer() {}

  /**
   * {@code threads} threads, each doing {@code operations} random gets, puts, removes,
   * putIfAbsents and getAndReplaces over 300 keys; rethrows anything an operation threw.
   */
  public static void mixedOperations(Cache<Integer, String> cache, int threads, int operations)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int seed = t;
      futures.add(pool.submit(() -> {
        Random random = new Random(seed);
        for (int i = 0; i < operations; i++) {
          int key = random.nextInt(300);
          switch (random.nextInt(8)) {
            case 0, 1, 2 -> cache.get(key);
            case 3, 4 -> cache.put(key, "v" + i);
            case 5 -> cache.remove(key);
            case 6 -> cache.putIfAbsent(key, "p" + i);
            default -> cache.getAndReplace(key, "r" + i);
          }
        }
        return null;
      }));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES));
    for (Future<?> future : futures) {
      future.get();
    }
  }
}
