package io.funccache.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic of the paired mode, kept free of Redis so that it can be tested alone: the order
 * of the rounds, the per-pair ratios, their median and spread, and the verdict rule.
 */
final class PairStats {
  private PairStats() {}

  /** Median, extremes and quartiles of a sample (quartiles by linear interpolation). */
  record Spread(double median, double min, double max, double q1, double q3, int n) {
    String minMax() {
      return Double.isNaN(min) ? "n/a" : fmt(min) + "-" + fmt(max);
    }

    String iqr() {
      return Double.isNaN(q1) ? "n/a" : fmt(q1) + "-" + fmt(q3);
    }
  }

  /** Spread of the finite values (a NaN, from a failed or empty round, is left out). */
  static Spread spread(double[] values) {
    double[] s = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (s.length == 0) {
      return new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
    }
    return new Spread(quantile(s, 0.5), s[0], s[s.length - 1], quantile(s, 0.25),
        quantile(s, 0.75), s.length);
  }

  /** The p-quantile of sorted values, interpolating between the two nearest ranks. */
  static double quantile(double[] sorted, double p) {
    double pos = (sorted.length - 1) * p;
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  static double median(double[] values) {
    return spread(values).median();
  }

  /**
   * Per-pair ratios {@code factor * a[i] / b[i]} (with {@code inverse}, {@code factor * b[i] /
   * a[i]}: a latency ratio from two throughputs of closed loops with the same callers). A pair
   * where either side is not a positive finite number gives NaN.
   */
  static double[] ratios(double[] a, double[] b, double factor, boolean inverse) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("unpaired: " + a.length + " vs " + b.length + " rounds");
    }
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      boolean ok = a[i] > 0 && b[i] > 0 && Double.isFinite(a[i]) && Double.isFinite(b[i]);
      r[i] = !ok ? Double.NaN : factor * (inverse ? b[i] / a[i] : a[i] / b[i]);
    }
    return r;
  }

  /** Whether one ratio meets a bound: {@code >= bound} when {@code atLeast}, else {@code <=}. */
  static boolean meets(double ratio, double bound, boolean atLeast) {
    return !Double.isNaN(ratio) && (atLeast ? ratio >= bound : ratio <= bound);
  }

  /**
   * The rule of every target row: "met" when the median of the per-pair ratios meets the bound,
   * "MISSED" when it does not; FAILED when fewer than {@code minPairs} pairs could be formed (a
   * side threw, or was not measured).
   */
  static String verdict(double[] ratios, double bound, boolean atLeast, int minPairs) {
    Spread s = spread(ratios);
    if (s.n() < minPairs) {
      return "FAILED (" + s.n() + " of " + ratios.length + " pairs measured)";
    }
    return meets(s.median(), bound, atLeast) ? "met" : "MISSED";
  }

  /** How many of the pairs meet the bound on their own, as "k/n". */
  static String pairsMeeting(double[] ratios, double bound, boolean atLeast) {
    int met = 0;
    int n = 0;
    for (double r : ratios) {
      if (Double.isNaN(r)) {
        continue;
      }
      n++;
      met += meets(r, bound, atLeast) ? 1 : 0;
    }
    return met + "/" + n;
  }

  /** One slot of a group's schedule: which side runs, and which of its measured rounds it is. */
  record Slot(int side, int round, boolean measured) {}

  /**
   * The order a group's sides run in: {@code warmup + rounds} cycles, each running every side once,
   * forward (0, 1, ..., k-1) in even cycles and backward in odd ones, so that for any two sides a
   * linear drift of the machine's speed favours each of them equally often and paired rounds stay
   * close in time. The first {@code warmup} cycles are not measured; measured cycles are numbered
   * from 0, and round i of one side pairs with round i of another.
   */
  static List<Slot> schedule(int sides, int warmup, int rounds) {
    List<Slot> slots = new ArrayList<>();
    for (int cycle = 0; cycle < warmup + rounds; cycle++) {
      boolean forward = cycle % 2 == 0;
      for (int j = 0; j < sides; j++) {
        int side = forward ? j : sides - 1 - j;
        boolean measured = cycle >= warmup;
        slots.add(new Slot(side, measured ? cycle - warmup : -1, measured));
      }
    }
    return slots;
  }

  /** A ratio: three decimals below 10 (a verdict near its bound stays readable), else one. */
  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
  }
}
