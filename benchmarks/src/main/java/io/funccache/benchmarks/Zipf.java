package io.funccache.benchmarks;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Zipf over ranks 0..n-1 with exponent 0.99 (rank 0 the hottest), by inverse CDF lookup. */
final class Zipf {
  private static final double EXPONENT = 0.99;
  private static final Map<Integer, Zipf> BY_SIZE = new ConcurrentHashMap<>();

  private final double[] cdf;

  private Zipf(int n) {
    cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, EXPONENT);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
  }

  static Zipf of(int n) {
    return BY_SIZE.computeIfAbsent(n, Zipf::new);
  }

  long sample(ThreadLocalRandom random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return i >= 0 ? i : Math.min(-i - 1, cdf.length - 1);
  }
}
