package io.funccache.benchmarks.hitrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;

/**
 * {@code hitrate}: each trace at each size through Bélády's optimal, Caffeine and every funccache
 * policy asked for, on Redis. Each funccache cache replays its trace in order, one request in flight;
 * up to {@code --parallel} caches replay side by side, the longest first, so that Redis is kept busy
 * and the run ends soon after its longest replay.
 */
public final class HitRateRun {
  /** Columns that are not funccache policies. */
  static final String OPT = "OPT";
  static final String CAFFEINE = "Caffeine";

  private final HitRateOptions options;
  private final AtomicLong requestsDone = new AtomicLong();

  HitRateRun(HitRateOptions options) {
    this.options = options;
  }

  public static void main(String... args) throws Exception {
    HitRateOptions options;
    try {
      options = HitRateOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    HitRateTable table;
    try {
      table = new HitRateRun(options).run();
    } catch (IOException e) {
      System.err.println("hitrate: " + e);
      System.exit(2);
      return;
    }
    System.exit(table.failures().isEmpty() ? 0 : 1);
  }

  HitRateTable run() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    List<HitRateTable.Row> rows = new ArrayList<>();
    Map<String, Trace> traces = new LinkedHashMap<>();
    for (HitRateOptions.TraceSpec spec : options.traces) {
      Trace trace = traces.get(spec.path().toString());
      if (trace == null) {
        trace = TraceReader.read(spec.path(), options.limit);
        traces.put(spec.path().toString(), trace);
        System.err.printf("hitrate: %s: %,d requests, %,d distinct keys%n", trace.name(),
            trace.requests(), trace.distinct());
      }
      for (int size : spec.sizes()) {
        rows.add(new HitRateTable.Row(trace, size));
      }
    }
    List<String> policies = options.noRedis ? List.of() : options.policies;
    HitRateTable table = new HitRateTable(rows, policies);
    for (HitRateTable.Row row : rows) {
      table.put(row, OPT, Belady.hits(row.trace(), row.size()));
      table.put(row, CAFFEINE, Replay.caffeineHits(row.trace(), row.size()));
    }
    System.err.printf("hitrate: OPT and Caffeine done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    if (options.noRedis) {
      return report(table, String.format(java.util.Locale.ROOT, "Hit ratio (%%), get then put on"
          + " a miss; OPT and Caffeine only (--no-redis); run %.0f s.",
          (System.nanoTime() - t0) / 1e9), t0);
    }
    String redisDescription;
    long redisStart = System.nanoTime();
    double clientCpu;
    double serverCpu;
    long[] scripts;
    try (RedisTarget redis = RedisTarget.open(options.redis, options.startRedis,
        options.nettyThreads, options.parallel)) {
      redisDescription = redis.describe();
      double client0 = processCpuSeconds();
      double server0 = redis.cpuSeconds();
      CommandStats stats0 = redis.commandStats();
      replayAll(redis, table);
      clientCpu = processCpuSeconds() - client0;
      serverCpu = redis.cpuSeconds() - server0;
      scripts = redis.commandStats().since(stats0, HitCost.SCRIPT_COMMANDS);
    }
    double redisSeconds = (System.nanoTime() - redisStart) / 1e9;
    double seconds = (System.nanoTime() - t0) / 1e9;
    long requests = rows.stream().mapToLong(r -> r.trace().requests()).sum()
        * options.policies.size();
    // CPU per request says what a run costs whatever else the machine is doing: on a shared
    // machine the wall time mostly says how busy the others were.
    String header = String.format(java.util.Locale.ROOT,
        "Hit ratio (%%), get then put on a miss; %s; %,d funccache replays (%,d requests) in %.0f s"
            + " (%,.0f requests/s, %d side by side; CPU per request: this JVM %.0f µs, Redis %.0f"
            + " µs, load average %.1f on %d CPUs); Redis ran %,d script calls (FCALL/EVALSHA),"
            + " %.1f µs each (execution only: INFO commandstats); whole run %.0f s.",
        redisDescription, rows.size() * options.policies.size(), requests, redisSeconds,
        requests / redisSeconds, options.parallel, 1e6 * clientCpu / requests,
        1e6 * serverCpu / requests, loadAverage(), Runtime.getRuntime().availableProcessors(),
        scripts[0], scripts[0] == 0 ? Double.NaN : (double) scripts[1] / scripts[0], seconds);
    return report(table, header, t0);
  }

  private HitRateTable report(HitRateTable table, String header, long t0) throws IOException {
    double seconds = (System.nanoTime() - t0) / 1e9;
    String markdown = table.markdown(header);
    System.out.println(markdown);
    Files.createDirectories(options.out);
    Files.writeString(options.out.resolve("hitrate.md"), markdown, StandardCharsets.UTF_8);
    Files.writeString(options.out.resolve("hitrate.svg"), HitRateChart.svg(table),
        StandardCharsets.UTF_8);
    System.out.printf("(written to %s and %s)%nrun time: %.1f s%n", options.out.resolve("hitrate.md"),
        options.out.resolve("hitrate.svg"), seconds);
    for (String failure : table.failures()) {
      System.err.println("hitrate: FAILED " + failure);
    }
    return table;
  }

  private static double processCpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Every (row, policy) replay on Redis, longest traces first, {@code --parallel} at a time. */
  private void replayAll(RedisTarget redis, HitRateTable table) throws InterruptedException {
    record Job(HitRateTable.Row row, String policy) {}
    List<Job> jobs = new ArrayList<>();
    for (HitRateTable.Row row : table.rows()) {
      for (String policy : options.policies) {
        jobs.add(new Job(row, policy));
      }
    }
    jobs.sort(Comparator.comparingInt((Job j) -> j.row().trace().requests()).reversed());
    long total = jobs.stream().mapToLong(j -> j.row().trace().requests()).sum();
    if (!options.javaxCache) {
      replayPipelined(redis, table, jobs.stream().map(j -> new PipelinedJob(j.row(), j.policy()))
          .toList(), total);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(options.parallel, r -> {
      Thread t = new Thread(r, "hitrate-replay");
      t.setDaemon(true);
      return t;
    });
    ScheduledExecutorService progress = reportProgress(total);
    List<Future<?>> futures = new ArrayList<>();
    for (Job job : jobs) {
      futures.add(pool.submit(() -> replayOne(redis, table, job.row(), job.policy())));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a replay job threw outside its own handling", e.getCause());
      }
    }
    pool.shutdown();
    progress.shutdownNow();
  }

  /** Prints every 30 s how many of {@code total} requests are replayed; shut it down after. */
  private ScheduledExecutorService reportProgress(long total) {
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hitrate-progress");
      t.setDaemon(true);
      return t;
    });
    long start = System.nanoTime();
    progress.scheduleAtFixedRate(() -> {
      double s = (System.nanoTime() - start) / 1e9;
      long done = requestsDone.get();
      System.err.printf("hitrate: %,d of %,d requests (%.0f%%) in %.0f s, %,.0f requests/s,"
          + " load average %.1f%n", done, total, 100.0 * done / total, s, done / s, loadAverage());
    }, 30, 30, TimeUnit.SECONDS);
    return progress;
  }

  private record PipelinedJob(HitRateTable.Row row, String policy) {}

  /**
   * Every replay at once, pipelined over a few connections (PipelinedReplay): each cache is
   * created (and bound) through javax.cache first, then driven by its functions directly.
   */
  private void replayPipelined(RedisTarget redis, HitRateTable table, List<PipelinedJob> jobs,
      long total) throws InterruptedException {
    List<PipelinedReplay.Job> replays = new ArrayList<>();
    List<String> names = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (PipelinedJob job : jobs) {
        String name = "hitrate." + job.row().trace().name() + "." + job.row().size() + "."
            + job.policy();
        redis.create(name, job.policy(), job.row().size());
        names.add(name);
        PipelinedReplay.Job replay = new PipelinedReplay.Job(job.row().trace(),
            io.funccache.store.CacheKeys.of("funccache:", redis.namespace, name), job.policy(),
            job.row().size());
        replay.done = () -> System.err.printf("hitrate: %-28s %6.2f %% after %.0f s%n", name,
            100.0 * replay.hits() / job.row().trace().requests(),
            (System.nanoTime() - start) / 1e9);
        replays.add(replay);
      }
      ScheduledExecutorService progress = reportProgress(total);
      try {
        PipelinedReplay.run(redis.url, replays, options.connections, requestsDone);
      } finally {
        progress.shutdownNow();
      }
      for (int i = 0; i < jobs.size(); i++) {
        table.put(jobs.get(i).row(), jobs.get(i).policy(), replays.get(i).hits());
      }
    } finally {
      for (String name : names) {
        redis.destroy(name);
      }
    }
  }

  private void replayOne(RedisTarget redis, HitRateTable table, HitRateTable.Row row,
      String policy) {
    String name = "hitrate." + row.trace().name() + "." + row.size() + "." + policy;
    long t0 = System.nanoTime();
    try {
      Cache<String, byte[]> cache = redis.create(name, policy, row.size());
      try {
        long hits = Replay.hits(row.trace(), key -> cache.get(key), (key, value) -> cache.put(key,
            value), requestsDone::addAndGet);
        table.put(row, policy, hits);
      } finally {
        redis.destroy(name);
      }
      System.err.printf("hitrate: %-28s %6.2f %% in %.1f s%n", name,
          100.0 * table.get(row, policy) / row.trace().requests(), (System.nanoTime() - t0) / 1e9);
    } catch (RuntimeException e) {
      table.fail(row, policy, "cache " + name + ": " + e);
      System.err.println("hitrate: cache " + name + " failed: " + e);
    }
  }
}
