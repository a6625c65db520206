package io.funccache.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar benchmarks.jar} (or {@code quick}): the quick comparison, in this JVM, printed
 * as a table of ratios and written to {@code quick-run.md}. {@code java -jar benchmarks.jar jmh
 * <JMH options>} runs JMH itself (forks, profilers, any parameter). {@code hitrate} replays cache
 * traces through funccache's policies next to the optimum and Caffeine, {@code hitcost} measures
 * what a hit costs Redis per policy (package {@code io.funccache.benchmarks.hitrate}).
 *
 * <p>Quick mode is {@link PairedRun}: every target of issue 13 from interleaved rounds (median of
 * per-pair ratios, with their spread), Redis time and client CPU per operation for each side, and
 * memory per entry ({@link MemoryProbe}); {@code --full} adds the other scenarios.
 */
public final class QuickRun {
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
        List<MemoryProbe.Result> memory = MemoryProbe.run(b);
        System.out.println(MemoryProbe.table(memory));
        System.out.println("| target | case | ratio | | | | | met? |\n"
            + "|---|---|---:|---|---|---|---|---|");
        MemoryProbe.targetRows(memory).forEach(System.out::println);
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
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    if (!rest.isEmpty() && rest.get(0).equals("quick")) {
      rest.remove(0);
    }
    if (!rest.isEmpty() && !rest.get(0).startsWith("--")) {
      System.err.println("usage: java -jar benchmarks.jar [quick [--full] [options] | memory | cpu"
          + " | verdicts quick-run.md... | hitrate <options> | hitcost <options>"
          + " | jmh <JMH options>]");
      System.exit(2);
    }
    quick(rest);
    System.exit(0);
  }

  private static void quick(List<String> args) {
    PairedRun.Options options;
    try {
      options = PairedRun.Options.parse(args);
    } catch (RuntimeException e) {
      System.err.println(e.getMessage() + "\nusage: java -jar benchmarks.jar [quick] [--full]"
          + " [--rounds N (>= 5, default 20)] [--round-ms N (default 250)] [--warmup N"
          + " (default 4)] [--no-memory] [--only REGEX-OF-GROUP-LABELS] [--start-redis]");
      System.exit(2);
      return;
    }
    io.funccache.benchmarks.hitrate.RedisProcess own = null;
    if (options.startRedis()) {
      try {
        own = io.funccache.benchmarks.hitrate.RedisProcess.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      System.setProperty("bench.redis", own.url());   // read when Backends is first used, below
      System.err.println("bench: started redis-server on " + own.url());
    }
    Backends b = Backends.get();
    String report;
    try {
      report = new PairedRun(options).run(b);
    } finally {
      b.cleanup();
      if (own != null) {
        own.close();
      }
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
}
