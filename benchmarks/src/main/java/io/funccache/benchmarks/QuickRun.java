package io.funccache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * {@code java -jar benchmarks.jar} (or {@code quick}): the quick comparison, in this JVM, printed
 * as a table of ratios and written to {@code quick-run.md}. {@code java -jar benchmarks.jar jmh
 * <JMH options>} runs JMH itself (forks, profilers, any parameter). {@code hitrate} replays cache
 * traces through funccache's policies next to the optimum and Caffeine, {@code hitcost} measures what
 * a hit costs Redis per policy (package {@code io.funccache.benchmarks.hitrate}).
 *
 * <p>Quick mode runs JMH with forks 0 so that the preloaded data sets (1,000,000 entries for the
 * 1M caches) are loaded once and shared by every trial; warmup 1 x 1 s, measurement 2 x 1 s, after
 * one unmeasured JIT warm-up pass over the main targets.
 */
public final class QuickRun {
  private static final String[] SCENARIOS =
      {"getHit", "getMiss", "put", "putAtCapacity", "getAll100", "putAll100", "mixed"};

  /** One measured point: scenario, target, value size, threads. */
  record Key(String scenario, String target, int valueSize, int threads) {}

  record Score(double opsPerSecond, double error) {}

  private final Map<Key, Score> scores = new LinkedHashMap<>();
  /** Every cell a run asked JMH for: one without a score failed (its trial threw). */
  private final java.util.Set<Key> planned = new java.util.HashSet<>();

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("jmh")) {
      try {
        org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
      } finally {
        // Forks 0 ran the benchmarks here: drop their data, and do not wait for Redisson's
        // non-daemon threads.
        if (Backends.opened()) {
          Backends.get().cleanup();
        }
      }
      System.exit(0);
    }
    if (args.length > 0 && args[0].equals("hitrate")) {
      io.funccache.benchmarks.hitrate.HitRateRun.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("hitcost")) {
      io.funccache.benchmarks.hitrate.HitCost.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("memory")) {
      Backends b = Backends.get();
      try {
        System.out.println(memoryTable(MemoryProbe.run(b)));
      } finally {
        b.cleanup();
      }
      System.exit(0);
    }
    if (args.length > 0 && args[0].equals("cpu")) {
      Backends b = Backends.get();
      try {
        System.out.print(CpuSplit.report(CpuSplit.run(b)));
      } finally {
        b.cleanup();
      }
      System.exit(0);
    }
    if (args.length > 1 && args[0].equals("verdicts")) {
      List<Path> runs = new ArrayList<>();
      for (String file : Arrays.copyOfRange(args, 1, args.length)) {
        runs.add(Path.of(file));
      }
      System.out.print(Verdicts.report(runs));
      System.exit(0);
    }
    if (args.length > 0 && !args[0].equals("quick")) {
      System.err.println("usage: java -jar benchmarks.jar [quick | memory | cpu"
          + " | verdicts quick-run.md... | hitrate <options> | hitcost <options>"
          + " | jmh <JMH options>]");
      System.exit(2);
    }
    new QuickRun().quick();
    System.exit(0);
  }

  private void quick() throws RunnerException {
    long t0 = System.nanoTime();
    DataSets.shareAcrossTrials = true;
    Backends b = Backends.get();
    String report;
    try {
      // 0: not measured. With forks 0 every trial shares this JVM, so without it the first trials
      // of each target would measure code the JIT had not compiled yet: funccache's own code (codec,
      // arguments, statistics) most of all, since the floor's path is mostly Redisson's and shared.
      warmUp(List.of("getHit", "put", "getAll100", "mixed"),
          List.of("rbucket", "rjcache", "fc-lru-10k", "fc-lfu-10k"));
      // A: every scenario, both value sizes, 1 and 16 threads.
      run(List.of(SCENARIOS), List.of("rbucket", "rjcache", "fc-lru-10k", "fc-lfu-10k"),
          List.of("100", "10240"), 1, 16);
      // B: the 1M caches, full (100-byte values only: 1M x 10 KB would be 10 GB of a shared Redis).
      run(List.of("getHit", "mixed"), List.of("fc-lru-1m", "fc-lfu-1m"), List.of("100"), 1, 16);
      // C: the same 1M caches holding 1,000 entries, for get-hit at 1M vs 1K.
      run(List.of("getHit"), List.of("fc-lru-1m-1k", "fc-lfu-1m-1k"), List.of("100"), 1, 16);
      // D: put at capacity on the full 1M caches (consumes them, so last).
      run(List.of("putAtCapacity"), List.of("fc-lru-1m", "fc-lfu-1m"), List.of("100"), 1, 16);
      List<MemoryProbe.Result> memory = MemoryProbe.run(b);
      report = report(memory, MemoryProbe.redisVersion(b), (System.nanoTime() - t0) / 1e9);
    } finally {
      b.cleanup();
    }
    System.out.println(report);
    Path out = Path.of(Files.isDirectory(Path.of("benchmarks", "target"))
        ? "benchmarks/target/quick-run.md" : "quick-run.md");
    try {
      Files.writeString(out, report, StandardCharsets.UTF_8);
      System.out.println("(written to " + out + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void warmUp(List<String> scenarios, List<String> targets) throws RunnerException {
    ChainedOptionsBuilder options = new OptionsBuilder()
        .forks(0)
        .warmupIterations(1).warmupTime(TimeValue.seconds(2))
        .measurementIterations(1).measurementTime(TimeValue.seconds(1))
        .threads(1)
        .shouldFailOnError(false)
        .verbosity(VerboseMode.SILENT)
        .param("target", targets.toArray(String[]::new))
        .param("valueSize", "100");
    for (String s : scenarios) {
      options.include(CacheBenchmark.class.getName() + "\\." + s + "$");
    }
    new Runner(options.build()).run();
    System.err.println("bench: JIT warm-up done (not measured)");
  }

  private void run(List<String> scenarios, List<String> targets, List<String> valueSizes,
      int... threads) throws RunnerException {
    for (int t : threads) {
      ChainedOptionsBuilder options = new OptionsBuilder()
          .forks(0)
          .warmupIterations(1).warmupTime(TimeValue.seconds(1))
          .measurementIterations(2).measurementTime(TimeValue.seconds(1))
          .threads(t)
          .shouldFailOnError(false)
          .verbosity(VerboseMode.SILENT)
          .param("target", targets.toArray(String[]::new))
          .param("valueSize", valueSizes.toArray(String[]::new));
      for (String s : scenarios) {
        options.include(CacheBenchmark.class.getName() + "\\." + s + "$");
        for (String target : targets) {
          for (String size : valueSizes) {
            planned.add(new Key(s, target, Integer.parseInt(size), t));
          }
        }
      }
      Collection<RunResult> results = new Runner(options.build()).run();
      for (RunResult r : results) {
        String bench = r.getParams().getBenchmark();
        Key key = new Key(bench.substring(bench.lastIndexOf('.') + 1), r.getParams().getParam("target"),
            Integer.parseInt(r.getParams().getParam("valueSize")), r.getParams().getThreads());
        scores.put(key, new Score(r.getPrimaryResult().getScore(),
            r.getPrimaryResult().getScoreError()));
        System.err.printf("bench: %-14s %-13s %5d B %2d thr %,12.0f ops/s%n", key.scenario(),
            key.target(), key.valueSize(), key.threads(), r.getPrimaryResult().getScore());
      }
    }
  }

  private double ops(String scenario, String target, int valueSize, int threads) {
    Score s = scores.get(new Key(scenario, target, valueSize, threads));
    return s == null ? Double.NaN : s.opsPerSecond();
  }

  private String report(List<MemoryProbe.Result> memory, String redisVersion, double seconds) {
    StringBuilder sb = new StringBuilder();
    PrintStreamish p = new PrintStreamish(sb);
    p.f("Quick run %s: Redis %s, %d CPUs, JDK %s, %.0f s%n%n", Backends.RUN, redisVersion,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds);
    p.f("Throughput in operations/s (getAll100/putAll100: one operation = 100 entries). "
        + "x floor = this / raw RBucket in the same scenario (GET, SET, MGET, MSET); "
        + "x RJCache = this / Redisson JCache.%n%n");
    p.f("| scenario | value | threads | target | ops/s | ± | x floor | x RJCache |%n");
    p.f("|---|---:|---:|---|---:|---:|---:|---:|%n");
    for (String scenario : SCENARIOS) {
      for (int valueSize : new int[] {100, 10240}) {
        for (int threads : new int[] {1, 16}) {
          double floor = ops(scenario, "rbucket", valueSize, threads);
          double rj = ops(scenario, "rjcache", valueSize, threads);
          for (Map.Entry<Key, Score> e : scores.entrySet()) {
            Key k = e.getKey();
            if (!k.scenario().equals(scenario) || k.valueSize() != valueSize
                || k.threads() != threads) {
              continue;
            }
            double v = e.getValue().opsPerSecond();
            p.f("| %s | %s | %d | %s | %,.0f | %,.0f | %s | %s |%n", scenario,
                valueSize == 100 ? "100 B" : "10 KB", threads, k.target(), v,
                e.getValue().error(), k.target().equals("rbucket") ? "1" : ratio(v / floor),
                k.target().equals("rjcache") ? "1" : ratio(v / rj));
          }
        }
      }
    }
    p.f("%n");
    p.f(targets(memory));
    p.f("%n");
    p.f(memoryTable(memory));
    return sb.toString();
  }

  private String targets(List<MemoryProbe.Result> memory) {
    StringBuilder sb = new StringBuilder();
    PrintStreamish p = new PrintStreamish(sb);
    p.f("Targets (per funccache target; 100 B values unless stated):%n%n");
    p.f("| target | case | measured | met? |%n|---|---|---:|---|%n");
    List<String> fcs = new ArrayList<>(List.of("fc-lru-10k", "fc-lfu-10k", "fc-lru-1m", "fc-lfu-1m"));
    for (String fc : fcs) {
      for (int size : new int[] {100, 10240}) {
        for (int t : new int[] {1, 16}) {
          double hit = ops("getHit", fc, size, t);
          if (!planned.contains(new Key("getHit", fc, size, t))) {
            continue;                       // not part of this run
          }
          String c = fc + ", " + (size == 100 ? "100 B" : "10 KB") + ", " + t + " thr";
          row(p, "get-hit >= 0.9 x RBucket.get", c, hit / ops("getHit", "rbucket", size, t), 0.9, true);
          row(p, "get-hit >= 1.0 x Redisson JCache get", c, hit / ops("getHit", "rjcache", size, t), 1.0,
              true);
          row(p, "put at capacity >= 0.8 x RBucket.set", c,
              ops("putAtCapacity", fc, size, t) / ops("putAtCapacity", "rbucket", size, t), 0.8, true);
          row(p, "getAll(100) >= 20 x single gets (entries/s)", c,
              ops("getAll100", fc, size, t) * 100 / hit, 20, true);
        }
      }
    }
    for (String policy : new String[] {"lru", "lfu"}) {
      for (int t : new int[] {1, 16}) {
        double big = ops("getHit", "fc-" + policy + "-1m", 100, t);
        double small = ops("getHit", "fc-" + policy + "-1m-1k", 100, t);
        // latency ratio = inverse throughput ratio (closed loop, same thread count)
        row(p, "get-hit latency at 1M entries <= 1.3 x at 1K", "fc-" + policy + ", 100 B, " + t
            + " thr", small / big, 1.3, false);
      }
    }
    double rj = memory.stream().filter(m -> m.target().equals("rjcache"))
        .mapToDouble(MemoryProbe.Result::keyBytesPerEntry).findFirst().orElse(Double.NaN);
    double rjInfo = memory.stream().filter(m -> m.target().equals("rjcache"))
        .mapToDouble(MemoryProbe.Result::infoBytesPerEntry).findFirst().orElse(Double.NaN);
    for (MemoryProbe.Result m : memory) {
      if (m.target().startsWith("fc-")) {
        row(p, "memory/entry <= Redisson JCache's (MEMORY USAGE)", m.target(),
            m.keyBytesPerEntry() / rj, 1.0, false);
        row(p, "memory/entry <= Redisson JCache's (INFO delta)", m.target(),
            m.infoBytesPerEntry() / rjInfo, 1.0, false);
      }
    }
    return sb.toString();
  }

  /** A target's row; a ratio that could not be computed means a planned trial failed. */
  private static void row(PrintStreamish p, String target, String c, double ratio, double bound,
      boolean atLeast) {
    String met = Double.isNaN(ratio) ? "FAILED (a trial threw: see its log)"
        : (atLeast ? ratio >= bound : ratio <= bound) ? "met" : "MISSED";
    p.f("| %s | %s | %s | %s |%n", target, c, ratio(ratio), met);
  }

  private static String memoryTable(List<MemoryProbe.Result> memory) {
    StringBuilder sb = new StringBuilder();
    PrintStreamish p = new PrintStreamish(sb);
    p.f("Redis memory per entry, %,d entries of %d-byte values (keys k0..k99999):%n%n",
        MemoryProbe.ENTRIES, MemoryProbe.VALUE_SIZE);
    p.f("| target | INFO used_memory delta / entry | MEMORY USAGE of its keys / entry | keys |%n");
    p.f("|---|---:|---:|---:|%n");
    for (MemoryProbe.Result m : memory) {
      p.f("| %s | %.1f B | %.1f B | %d |%n", m.target(), m.infoBytesPerEntry(),
          m.keyBytesPerEntry(), m.keys());
    }
    return sb.toString();
  }

  private static String ratio(double r) {
    return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.2f", r);
  }

  /** printf into a StringBuilder. */
  private record PrintStreamish(StringBuilder sb) {
    void f(String format, Object... args) {
      sb.append(String.format(Locale.ROOT, format, args));
    }
  }
}
