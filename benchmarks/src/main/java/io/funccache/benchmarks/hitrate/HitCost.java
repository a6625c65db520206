package io.funccache.benchmarks.hitrate;

import io.funccache.EvictionPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.cache.Cache;
import org.redisson.api.RBucket;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * {@code hitcost}: what a get that hits costs Redis, per policy, next to a plain GET. Each policy's
 * cache (maxSize 10,000) is filled with 10,000 entries of 100 bytes and every entry is read
 * {@value #SATURATING_READS} times, so the measured hits are those of a hot entry (S3FIFO's
 * frequency at its cap, SIEVE's bit set, TINYLFU's entry protected); then, in rounds, N gets of
 * random present keys on one policy's cache, N plain GETs of 100-byte strings, the next policy, and
 * so on, each sample timed by Redis itself: {@code INFO commandstats} before and after (usec over
 * calls of FCALL, FCALL_RO and EVALSHA, or of GET). Calls by other clients of a shared server in
 * the same commands land in the same counters: the table says how many there were.
 */
public final class HitCost {
  static final int ENTRIES = 10_000;
  static final int VALUE_SIZE = 100;
  /** Reads of every entry before measuring: enough to saturate every policy's per-entry state. */
  static final int SATURATING_READS = 4;
  /** The commands a funccache get can be: the function (read-write or read-only) or the script. */
  static final String[] SCRIPT_COMMANDS = {"fcall", "fcall_ro", "evalsha", "eval"};

  private final List<String> policies;
  private final int rounds;
  private final int gets;

  /**
   * One timed sample: Redis µs per call by commandstats (wall time inside the command: on a loaded
   * machine it includes the time Redis waited for a core), Redis's main-thread CPU µs per call
   * (INFO cpu: the command and its socket I/O, not the waiting), and calls that were not ours.
   */
  record Sample(double micros, double cpuMicros, long foreign) {}

  HitCost(List<String> policies, int rounds, int gets) {
    this.policies = policies;
    this.rounds = rounds;
    this.gets = gets;
  }

  public static void main(String... args) throws Exception {
    List<String> policies = new ArrayList<>();
    for (EvictionPolicy p : EvictionPolicy.values()) {
      policies.add(p.name());
    }
    String redis = System.getenv().getOrDefault("FUNCCACHE_REDIS_URL", "redis://127.0.0.1:6379");
    boolean start = false;
    int rounds = 7;
    int gets = 5_000;
    Path out = Files.isDirectory(Path.of("benchmarks", "target")) ? Path.of("benchmarks", "target")
        : Path.of(".");
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--policies" -> policies = Arrays.stream(args[++i].split(","))
              .map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
          case "--redis" -> redis = args[++i];
          case "--start-redis" -> start = true;
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--gets" -> gets = Integer.parseInt(args[++i]);
          case "--out" -> out = Path.of(args[++i]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (rounds < 5 || gets < 100) {
        throw new IllegalArgumentException("--rounds must be >= 5 and --gets >= 100");
      }
      for (String policy : policies) {
        Policies.check(policy);
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage() + "\nusage: java -jar benchmarks.jar hitcost [--policies A,B]"
          + " [--redis URL | --start-redis] [--rounds N (>= 5, default 7)] [--gets N (default"
          + " 5000)] [--out DIR]");
      System.exit(2);
      return;
    }
    long t0 = System.nanoTime();
    String report;
    try (RedisTarget target = RedisTarget.open(redis, start)) {
      report = new HitCost(policies, rounds, gets).run(target);
    }
    System.out.println(report);
    Files.createDirectories(out);
    Files.writeString(out.resolve("hitcost.md"), report, StandardCharsets.UTF_8);
    System.out.printf("(written to %s)%nrun time: %.1f s%n", out.resolve("hitcost.md"),
        (System.nanoTime() - t0) / 1e9);
    System.exit(0);
  }

  String run(RedisTarget target) {
    byte[] value = new byte[VALUE_SIZE];
    new Random(1).nextBytes(value);
    Map<String, Cache<String, byte[]>> caches = new LinkedHashMap<>();
    for (String policy : policies) {
      String name = "hitcost." + policy;
      Cache<String, byte[]> cache = target.create(name, policy, ENTRIES);
      fill(cache, value);
      caches.put(policy, cache);
    }
    String plainPrefix = target.namespace + ":plain:";
    for (int i = 0; i < ENTRIES; i++) {
      target.redisson.<byte[]>getBucket(plainPrefix + i, ByteArrayCodec.INSTANCE).set(value);
    }
    try {
      // Unmeasured: every entry read until hot, then one pass over everything (the JIT,
      // connections, Redis's own caches warm).
      for (Cache<String, byte[]> cache : caches.values()) {
        for (int read = 0; read < SATURATING_READS; read++) {
          for (int i = 0; i < ENTRIES; i++) {
            if (cache.get("k" + i) == null) {
              throw new IllegalStateException("cache " + cache.getName() + ": k" + i
                  + " missed while warming up, but all " + ENTRIES + " entries fit its maxSize");
            }
          }
        }
        hitGets(cache, new Random(0));
        plainGets(target, plainPrefix, new Random(0));
      }
      Map<String, List<Sample>> hit = new LinkedHashMap<>();
      Map<String, List<Sample>> plain = new HashMap<>();
      for (int r = 0; r < rounds; r++) {
        for (Map.Entry<String, Cache<String, byte[]>> e : caches.entrySet()) {
          Random random = new Random(r);
          hit.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add(measure(target, SCRIPT_COMMANDS, () -> hitGets(e.getValue(), random)));
          plain.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .add(measure(target, new String[] {"get"},
                  () -> plainGets(target, plainPrefix, random)));
        }
        System.err.printf("hitcost: round %d of %d done%n", r + 1, rounds);
      }
      return report(target, hit, plain);
    } finally {
      target.redisson.getKeys().deleteByPattern(plainPrefix + "*");
    }
  }

  private static void fill(Cache<String, byte[]> cache, byte[] value) {
    Map<String, byte[]> batch = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      batch.put("k" + i, value);
      if (batch.size() == 500) {
        cache.putAll(batch);
        batch.clear();
      }
    }
    cache.putAll(batch);
  }

  private void hitGets(Cache<String, byte[]> cache, Random random) {
    for (int i = 0; i < gets; i++) {
      String key = "k" + random.nextInt(ENTRIES);
      if (cache.get(key) == null) {
        throw new IllegalStateException("cache " + cache.getName() + ": " + key
            + " missed, but all " + ENTRIES + " entries fit its maxSize: a get must hit here");
      }
    }
  }

  private void plainGets(RedisTarget target, String prefix, Random random) {
    for (int i = 0; i < gets; i++) {
      RBucket<byte[]> bucket =
          target.redisson.getBucket(prefix + random.nextInt(ENTRIES), ByteArrayCodec.INSTANCE);
      if (bucket.get() == null) {
        throw new IllegalStateException("plain key " + bucket.getName() + " is missing");
      }
    }
  }

  private Sample measure(RedisTarget target, String[] commands, Runnable work) {
    double cpu0 = target.mainThreadCpuSeconds();
    CommandStats before = target.commandStats();
    work.run();
    CommandStats after = target.commandStats();
    double cpu = target.mainThreadCpuSeconds() - cpu0;
    long[] delta = after.since(before, commands);
    return new Sample(delta[0] == 0 ? Double.NaN : (double) delta[1] / delta[0], 1e6 * cpu / gets,
        delta[0] - gets);
  }

  private String report(RedisTarget target, Map<String, List<Sample>> hit,
      Map<String, List<Sample>> plain) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Redis time per get that hits, %s; maxSize %,d holding"
        + " %,d entries of %d B, %,d gets per sample, %d rounds, interleaved with a plain GET of a"
        + " %d-byte string; load average %.1f on %d CPUs. µs/call: INFO commandstats usec / calls"
        + " (execution, wall time: includes waiting for a core on a loaded machine); CPU µs/call:"
        + " Redis main thread's CPU time (INFO cpu) per call, execution and socket I/O.%n%n",
        target.describe(), ENTRIES, ENTRIES, VALUE_SIZE, gets, rounds, VALUE_SIZE,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors()));
    sb.append("| policy | get hit µs/call (median) | min-max | plain GET µs/call (median) |"
        + " min-max | hit / GET | hit CPU µs/call | GET CPU µs/call | calls not ours |\n");
    sb.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (String policy : hit.keySet()) {
      List<Sample> h = hit.get(policy);
      List<Sample> g = plain.get(policy);
      double[] ratios = new double[h.size()];
      for (int i = 0; i < ratios.length; i++) {
        ratios[i] = h.get(i).micros() / g.get(i).micros();
      }
      sb.append(String.format(Locale.ROOT,
          "| %s | %.2f | %.2f-%.2f | %.2f | %.2f-%.2f | %.1f | %.1f | %.1f | %d |%n",
          policy, median(micros(h)), min(micros(h)), max(micros(h)), median(micros(g)),
          min(micros(g)), max(micros(g)), median(ratios),
          median(h.stream().mapToDouble(Sample::cpuMicros).toArray()),
          median(g.stream().mapToDouble(Sample::cpuMicros).toArray()),
          h.stream().mapToLong(Sample::foreign).sum() + g.stream().mapToLong(Sample::foreign).sum()));
    }
    return sb.toString();
  }

  private static double[] micros(List<Sample> samples) {
    return samples.stream().mapToDouble(Sample::micros).toArray();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElse(Double.NaN);
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElse(Double.NaN);
  }
}
