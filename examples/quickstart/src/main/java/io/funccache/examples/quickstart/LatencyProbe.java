package io.funccache.examples.quickstart;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import java.util.Arrays;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

/**
 * Median latency of a cache hit and of a put that evicts, one thread, against the configured
 * Redis. A rough probe for comparing with {@code redis-benchmark -t get -n 100000 -c 1}; the JMH
 * suite is the real benchmark.
 */
public final class LatencyProbe {
  private static final int WARMUP = 20_000;
  private static final int SAMPLES = 100_000;

  private LatencyProbe() {}

  public static void main(String[] args) {
    LocalRedis.ensureRunning(System.out);
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    try {
      manager.destroyCache("latency.hit");
      manager.destroyCache("latency.evict");
      Cache<Integer, String> hits = manager.createCache("latency.hit",
          new RedisCacheConfiguration<Integer, String>().setTypes(Integer.class, String.class)
              .setPolicy(EvictionPolicy.LRU).setMaxSize(10_000));
      String value = "x".repeat(100);
      for (int i = 0; i < 1_000; i++) {
        hits.put(i, value);
      }
      long[] get = measure(i -> hits.get(i % 1_000));
      Cache<Integer, String> evicting = manager.createCache("latency.evict",
          new RedisCacheConfiguration<Integer, String>().setTypes(Integer.class, String.class)
              .setPolicy(EvictionPolicy.LRU).setMaxSize(1_000));
      long[] put = measure(i -> evicting.put(i, value));
      System.out.printf("get-hit          median %.1f us  p99 %.1f us%n", us(get, 0.5), us(get, 0.99));
      System.out.printf("put with evict   median %.1f us  p99 %.1f us%n", us(put, 0.5), us(put, 0.99));
      manager.destroyCache("latency.hit");
      manager.destroyCache("latency.evict");
    } finally {
      manager.close();
      LocalRedis.stopIfStarted();
    }
  }

  private interface Op {
    void run(int i);
  }

  private static long[] measure(Op op) {
    for (int i = 0; i < WARMUP; i++) {
      op.run(i);
    }
    long[] samples = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      long start = System.nanoTime();
      op.run(WARMUP + i);
      samples[i] = System.nanoTime() - start;
    }
    Arrays.sort(samples);
    return samples;
  }

  private static double us(long[] sorted, double quantile) {
    return sorted[(int) (quantile * (sorted.length - 1))] / 1_000.0;
  }
}
