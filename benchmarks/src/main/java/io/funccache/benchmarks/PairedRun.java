package io.funccache.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.funccache.RedisCacheConfiguration;
import io.funccache.benchmarks.hitrate.CommandStats;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.cache.Cache;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;

/**
 * The quick mode: every target of issue 13 from interleaved rounds. Sides that are compared run in
 * one group; a group runs its sides one short round each, in cycles (forward, then backward, see
 * {@link PairStats#schedule}), after unmeasured warm-up cycles. A target's ratio is computed per
 * pair (round i of side A over round i of side B, both of cycle i) and reported as the median of
 * the pairs with their spread; the verdict is the median's. Per side and round it also records
 * what Redis spent ({@code INFO commandstats}: usec and calls of the commands that kind of side
 * issues; {@code INFO cpu}) and this JVM's CPU time, each per operation.
 *
 * <p>A round is a plain timed closed loop on N caller threads ({@link RoundRunner}), not a JMH
 * iteration: the Redis and CPU snapshots then bracket exactly the measured operations (a JMH run
 * adds its own setup, warm-up iteration and teardown inside any bracket one can put around it),
 * the caller threads live for the whole run, and a round costs nothing beyond its own length. The
 * operations are network calls of tens of microseconds, far above anything JMH's harness guards
 * against (dead-code elimination, loop folding).
 */
final class PairedRun {
  /**
   * Run options: {@code --full}, {@code --rounds N}, {@code --round-ms N}, {@code --warmup N},
   * {@code --no-memory}, {@code --only REGEX} (only the groups whose label it finds: a partial
   * run, whose other targets show as FAILED), {@code --start-redis} (a redis-server of the run's
   * own: no other client's commands in its commandstats and CPU time).
   */
  record Options(boolean full, int rounds, long roundMillis, int warmup, boolean memory,
      String only, boolean startRedis) {
    static Options parse(List<String> args) {
      String only = null;
      boolean startRedis = false;
      boolean full = false;
      boolean memory = true;
      // 20 rounds of 0.25 s rather than 5 of 1 s (same time per side): pairs closer in time and a
      // median of 20 pairs moved 2.3 times less between runs on this loaded machine (BENCHMARKS.md).
      int rounds = 20;
      long roundMillis = 250;
      int warmup = 4;
      for (int i = 0; i < args.size(); i++) {
        switch (args.get(i)) {
          case "--full" -> full = true;
          case "--no-memory" -> memory = false;
          case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
          case "--round-ms" -> roundMillis = Long.parseLong(args.get(++i));
          case "--warmup" -> warmup = Integer.parseInt(args.get(++i));
          case "--only" -> only = args.get(++i);
          case "--start-redis" -> startRedis = true;
          default -> throw new IllegalArgumentException("unknown option " + args.get(i));
        }
      }
      if (rounds < 5) {
        throw new IllegalArgumentException("--rounds must be >= 5 (the issue's minimum)");
      }
      if (roundMillis < 100 || warmup < 0) {
        throw new IllegalArgumentException("--round-ms must be >= 100 and --warmup >= 0");
      }
      return new Options(full, rounds, roundMillis, warmup, memory, only, startRedis);
    }
  }

  /** What one side's round measured, each per operation where it says so. */
  record Measured(double opsPerSecond, double redisMicrosPerOp, double callsPerOp,
      double redisCpuMicrosPerOp, double clientCpuMicrosPerOp, long ops, long errors,
      long misses, Throwable firstError) {}

  /** A workload's part in one group. */
  static final class Side {
    final String target;
    final String scenario;
    Workload workload;
    final List<Measured> rounds = new ArrayList<>();
    Throwable setupFailure;

    Side(String target, String scenario) {
      this.target = target;
      this.scenario = scenario;
    }

    String label() {
      return target + " " + scenario;
    }

    double[] opsPerSecond() {
      return rounds.stream().mapToDouble(m -> m.errors() > 0 ? Double.NaN : m.opsPerSecond())
          .toArray();
    }

    /** CPU µs per operation, this JVM's and Redis's together, per round. */
    double[] cpuMicrosPerOp() {
      return rounds.stream().mapToDouble(m -> m.errors() > 0 ? Double.NaN
          : m.clientCpuMicrosPerOp() + m.redisCpuMicrosPerOp()).toArray();
    }
  }

  /** Sides measured against each other: one value size, one caller count. */
  static final class Group {
    final String label;
    final int valueSize;
    final int threads;
    final List<Side> sides = new ArrayList<>();
    int warmup;
    double seconds;

    Group(String label, int valueSize, int threads, String... sides) {
      this.label = label;
      this.valueSize = valueSize;
      this.threads = threads;
      for (String s : sides) {
        int sp = s.indexOf(' ');
        this.sides.add(new Side(s.substring(0, sp), s.substring(sp + 1)));
      }
    }

    Side side(String target, String scenario) {
      for (Side s : sides) {
        if (s.target.equals(target) && s.scenario.equals(scenario)) {
          return s;
        }
      }
      return null;
    }
  }

  /** Fewer pairs than this (the minimum of rounds per side) and a target is FAILED. */
  static final int MIN_PAIRS = 5;
  static final String NEAR = "fc-lru-10k-near";
  static final String REMOTE = "fc-lru-10k-remote";
  static final List<String> FC = List.of("fc-lru-10k", "fc-lfu-10k", "fc-lru-1m", "fc-lfu-1m");
  /** Design floors (Store.FunctionStore): a bare function per operation, and a bare exact LRU. */
  static final String FN_HGET = "fn-hget";
  static final String FN_LRU = "fn-lru-10k";

  final Options options;
  final List<Group> groups;
  private final Map<String, Store> stores = new HashMap<>();
  private final Map<String, Workload> workloads = new HashMap<>();

  PairedRun(Options options) {
    this.options = options;
    List<Group> planned = plan(options.full());
    if (options.only() != null) {
      java.util.regex.Pattern only = java.util.regex.Pattern.compile(options.only());
      planned.removeIf(g -> !only.matcher(g.label).find());
    }
    this.groups = planned;
  }

  /**
   * The groups, in the order they run. Data sets are dropped after the last group that uses them
   * (the 10 KB ones before the 1M caches are loaded); put at capacity on the full 1M caches
   * consumes them, so it comes after every read of them.
   */
  static List<Group> plan(boolean full) {
    List<Group> g = new ArrayList<>();
    for (int t : new int[] {1, 16}) {
      // Sides that are compared stand next to each other (or one apart) in a cycle.
      // The design floors (fn-*) stand between funccache's side and the raw one they explain.
      g.add(new Group("maxSize 10k, 100 B", 100, t,
          "fc-lru-10k getAll100", "fc-lru-10k getHit", FN_LRU + " getHit", "rbucket getHit",
          FN_HGET + " getHit", "rjcache getHit", "fc-lfu-10k getHit", "fc-lfu-10k getAll100",
          "fc-lru-10k putAtCapacity", FN_LRU + " putAtCapacity", "rbucket putAtCapacity",
          FN_HGET + " putAtCapacity", "fc-lfu-10k putAtCapacity"));
    }
    if (full) {
      addDescriptive(g, 100);
    }
    for (int t : new int[] {1, 16}) {
      g.add(new Group("maxSize 10k, 10 KB", 10240, t,
          "fc-lru-10k getHit", "rbucket getHit", "rjcache getHit", "fc-lfu-10k getHit",
          "fc-lru-10k putAtCapacity", "rbucket putAtCapacity", "fc-lfu-10k putAtCapacity"));
    }
    if (full) {
      addDescriptive(g, 10240);
    }
    g.add(new Group("near cache, 100 B", 100, 1, REMOTE + " remoteHit", NEAR + " nearHit"));
    for (int t : new int[] {1, 16}) {
      List<String> sides = new ArrayList<>(List.of("fc-lru-1m-1k getHit", "fc-lru-1m getAll100",
          "fc-lru-1m getHit", "rbucket getHit", "rjcache getHit", "fc-lfu-1m getHit",
          "fc-lfu-1m getAll100", "fc-lfu-1m-1k getHit"));
      if (full) {
        sides.addAll(List.of("rbucket mixed", "fc-lru-1m mixed", "fc-lfu-1m mixed"));
      }
      g.add(new Group("maxSize 1M, 100 B", 100, t, sides.toArray(String[]::new)));
    }
    for (int t : new int[] {1, 16}) {
      g.add(new Group("maxSize 1M at capacity, 100 B", 100, t,
          "fc-lru-1m putAtCapacity", "rbucket putAtCapacity", "fc-lfu-1m putAtCapacity"));
    }
    return g;
  }

  private static void addDescriptive(List<Group> g, int valueSize) {
    String size = valueSize == 100 ? "100 B" : "10 KB";
    for (String scenario : List.of("getMiss", "put", "putAll100", "mixed")) {
      for (int t : new int[] {1, 16}) {
        g.add(new Group(scenario + ", " + size, valueSize, t, "rbucket " + scenario,
            "rjcache " + scenario, "fc-lru-10k " + scenario, "fc-lfu-10k " + scenario));
      }
    }
    for (int t : new int[] {1, 16}) {
      g.add(new Group("putAtCapacity (Redisson JCache), " + size, valueSize, t,
          "rbucket putAtCapacity", "rjcache putAtCapacity"));
    }
  }

  /** The data set a workload runs on: reads share one; a big cache's put at capacity takes it. */
  static String dataKey(String target, String scenario, int valueSize) {
    return switch (scenario) {
      case "getHit", "getMiss", "getAll100", "mixed" -> "r|" + target + "|" + valueSize;
      case "put", "putAll100" -> "w|" + target + "|" + valueSize;
      case "putAtCapacity" -> bigFull(target, valueSize) ? "r|" + target + "|" + valueSize
          : "c|" + target + "|" + valueSize;
      case "nearHit", "remoteHit" -> "n|" + target;
      default -> throw new IllegalArgumentException("unknown scenario " + scenario);
    };
  }

  /** A cache too big to hold twice: its put at capacity runs on the read data set, full already. */
  static boolean bigFull(String target, int valueSize) {
    Target spec = Target.parse(target);
    return spec.bounded() && spec.capacity(valueSize) > 100_000
        && spec.capacity(valueSize) == spec.readEntries(valueSize);
  }

  /** Index of the last group that uses each data set. */
  static Map<String, Integer> lastUse(List<Group> groups) {
    Map<String, Integer> last = new HashMap<>();
    Map<String, Integer> firstConsume = new HashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      for (Side s : g.sides) {
        String key = dataKey(s.target, s.scenario, g.valueSize);
        last.put(key, i);
        if (s.scenario.equals("putAtCapacity") && key.startsWith("r|")) {
          firstConsume.putIfAbsent(key, i);
        } else if (!s.scenario.equals("putAtCapacity") && firstConsume.containsKey(key)) {
          throw new IllegalStateException(s.label() + " reads " + key + " after a put at capacity"
              + " evicted from it");
        }
      }
    }
    return last;
  }

  // ---------------------------------------------------------------- running

  String run(Backends b) {
    long t0 = System.nanoTime();
    double loadStart = load();
    Map<String, Integer> last = lastUse(groups);
    int maxThreads = groups.stream().mapToInt(g -> g.threads).max().orElse(1);
    try (RoundRunner runner = new RoundRunner(maxThreads)) {
      for (int i = 0; i < groups.size(); i++) {
        Group g = groups.get(i);
        // The first group of each caller count also warms the JIT and the connection pools.
        int w = options.warmup();
        g.warmup = firstWithThreads(i) ? Math.max(2 * w, w + 1) : w;
        long g0 = System.nanoTime();
        runGroup(b, g, runner);
        g.seconds = (System.nanoTime() - g0) / 1e9;
        for (Map.Entry<String, Integer> e : last.entrySet()) {
          if (e.getValue() == i) {
            drop(e.getKey());
          }
        }
      }
    } finally {
      for (String key : List.copyOf(stores.keySet())) {
        drop(key);
      }
    }
    List<MemoryProbe.Result> memory = options.memory() ? MemoryProbe.run(b) : List.of();
    return report(b, memory, loadStart, (System.nanoTime() - t0) / 1e9);
  }

  private boolean firstWithThreads(int index) {
    int t = groups.get(index).threads;
    for (int i = 0; i < index; i++) {
      if (groups.get(i).threads == t) {
        return false;
      }
    }
    return true;
  }

  private void runGroup(Backends b, Group g, RoundRunner runner) {
    for (Side s : g.sides) {
      try {
        s.workload = workload(b, s.target, s.scenario, g.valueSize);
      } catch (RuntimeException e) {
        s.setupFailure = e;
        System.err.println("bench: " + s.label() + " could not be set up: " + e);
      }
    }
    long nanos = options.roundMillis() * 1_000_000L;
    List<PairStats.Slot> schedule = PairStats.schedule(g.sides.size(), g.warmup, options.rounds());
    for (int i = 0; i < schedule.size(); i++) {
      PairStats.Slot slot = schedule.get(i);
      Side s = g.sides.get(slot.side());
      if (s.workload == null) {
        continue;
      }
      Snapshot before = Snapshot.take(b);
      RoundRunner.Result r = runner.run(g.threads, nanos, s.workload::run);
      Snapshot after = Snapshot.take(b);
      if (r.errors() > 0) {
        System.err.printf("bench: %s: %d errors in a round, first: %s%n", s.label(), r.errors(),
            r.firstError());
      }
      if (slot.measured()) {
        s.rounds.add(measured(r, before, after, s.workload.commands));
      }
    }
    StringBuilder line = new StringBuilder();
    for (Side s : g.sides) {
      line.append(String.format(Locale.ROOT, " %s %,.0f", s.label(),
          PairStats.median(s.opsPerSecond())));
    }
    System.err.printf("bench: %s, %d thr:%s ops/s (medians)%n", g.label, g.threads, line);
  }

  private static Measured measured(RoundRunner.Result r, Snapshot before, Snapshot after,
      String[] commands) {
    long[] delta = after.stats().since(before.stats(), commands);
    double ops = r.ops();
    return new Measured(r.opsPerSecond(), delta[1] / ops, delta[0] / ops,
        (after.redisCpuSeconds() - before.redisCpuSeconds()) * 1e6 / ops,
        (after.processCpuNanos() - before.processCpuNanos()) / 1e3 / ops, r.ops(), r.errors(),
        r.misses(), r.firstError());
  }

  /** Redis's commandstats and CPU time, and this JVM's CPU time, at one moment. */
  record Snapshot(CommandStats stats, double redisCpuSeconds, long processCpuNanos) {
    private static final OperatingSystemMXBean OS =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    static Snapshot take(Backends b) {
      RedisNode node = b.redisson.getRedisNodes(RedisNodes.SINGLE).getInstance();
      long cpu = OS.getProcessCpuTime();
      CommandStats stats = CommandStats.parse(node.info(RedisNode.InfoSection.COMMANDSTATS));
      Map<String, String> info = node.info(RedisNode.InfoSection.CPU);
      return new Snapshot(stats, Double.parseDouble(info.get("used_cpu_user"))
          + Double.parseDouble(info.get("used_cpu_sys")), cpu);
    }
  }

  // ---------------------------------------------------------------- data sets

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static byte[] value(int size) {
    byte[] v = new byte[size];
    new Random(size).nextBytes(v);
    return v;
  }

  private Workload workload(Backends b, String target, String scenario, int valueSize) {
    String id = target + "|" + scenario + "|" + valueSize;
    Workload w = workloads.get(id);
    if (w != null) {
      return w;
    }
    byte[] value = value(valueSize);
    String key = dataKey(target, scenario, valueSize);
    if (scenario.equals("nearHit") || scenario.equals("remoteHit")) {
      Store s = stores.computeIfAbsent(key, k -> nearStore(b, target, value));
      w = new Workload(target, scenario, valueSize, s, 1_000, 0, value,
          Workload.FUNCCACHE_COMMANDS);
    } else {
      Target spec = Target.parse(target);
      long n;
      long capacity = 0;
      Store s;
      switch (scenario) {
        case "getHit", "getMiss", "getAll100", "mixed" -> {
          n = spec.readEntries(valueSize);
          s = stores.computeIfAbsent(key, k -> loaded(b, spec, k, 0, n, value));
        }
        case "put", "putAll100" -> {
          n = spec.writeEntries(valueSize);
          s = stores.computeIfAbsent(key, k -> loaded(b, spec, k, 0, 0, value));
        }
        case "putAtCapacity" -> {
          capacity = spec.capacity(valueSize);
          n = capacity;
          long fill = spec.bounded() ? capacity : 0;   // the others have no bound: just SET
          s = stores.computeIfAbsent(key, k -> loaded(b, spec, k, 0, fill, value));
        }
        default -> throw new IllegalArgumentException("unknown scenario " + scenario);
      }
      w = new Workload(target, scenario, valueSize, s, n, capacity, value,
          Workload.commandsOf(spec.kind()));
    }
    workloads.put(id, w);
    return w;
  }

  private static Store loaded(Backends b, Target spec, String key, long from, long to,
      byte[] value) {
    String name = Backends.RUN + "-p" + key.replace('|', '-');
    Store s = DataSets.open(b, spec, name);
    if (to > from) {
      long t0 = System.nanoTime();
      s.load(from, to, value);
      System.err.printf("bench: loaded %,d entries of %d bytes into %s in %.1f s%n", to - from,
          value.length, name, (System.nanoTime() - t0) / 1e9);
    }
    return s;
  }

  /** LRU, maxSize 10,000, 1,000 entries of 100 B; the near one with a warm near cache. */
  private static Store nearStore(Backends b, String target, byte[] value) {
    String name = Backends.RUN + "-p-" + target;
    RedisCacheConfiguration<String, byte[]> config = new RedisCacheConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class).setMaxSize(10_000);
    if (target.equals(NEAR)) {
      config.setNearCacheMaxSize(10_000);
    }
    Cache<String, byte[]> cache = b.funccache.createCache(name, config);
    Store s = new Store.JCacheStore(name, cache, () -> b.funccache.destroyCache(name));
    s.load(0, 1_000, value);
    for (int i = 0; i < 1_000; i++) {
      cache.get(s.key(i));                        // the near tier fills on reads
    }
    return s;
  }

  private void drop(String key) {
    Store s = stores.remove(key);
    if (s == null) {
      return;
    }
    workloads.values().removeIf(w -> w.store == s);
    try {
      s.destroy();
    } catch (RuntimeException e) {
      System.err.println("bench: dropping " + s.name + " failed: " + e);
    }
  }

  // ---------------------------------------------------------------- report

  /** A target row: which sides, the factor on A/B, the bound, and its direction. */
  record Row(String target, String caseLabel, Side a, Side b, double factor, boolean inverse,
      double bound, boolean atLeast) {
    double[] ratios() {
      return perPair(Side::opsPerSecond, false);
    }

    /**
     * The same ratio predicted from CPU cost alone, per pair: with client and server on the same
     * cores, throughput goes as 1 / (client CPU + Redis CPU per operation), so A/B ~ cost B /
     * cost A. Steadier than throughput on a loaded machine (other work slows the rounds, not what
     * each operation costs), but blind to waits that cost no CPU.
     */
    double[] cpuRatios() {
      return perPair(Side::cpuMicrosPerOp, true);
    }

    /** A per-round figure of both sides, paired round by round; swapped: B's over A's. */
    private double[] perPair(java.util.function.Function<Side, double[]> figure, boolean swapped) {
      if (a == null || b == null) {
        return new double[0];
      }
      int n = Math.min(a.rounds.size(), b.rounds.size());
      double[] x = java.util.Arrays.copyOf(figure.apply(a), n);
      double[] y = java.util.Arrays.copyOf(figure.apply(b), n);
      return swapped ? PairStats.ratios(y, x, factor, inverse)
          : PairStats.ratios(x, y, factor, inverse);
    }
  }

  /**
   * What the design allows, no verdict: a bare function per operation against the raw command
   * (the ceiling of any function-per-operation cache), a bare exact LRU against it, and
   * funccache against the bare LRU (what its library adds).
   */
  List<Row> floorRows() {
    List<Row> rows = new ArrayList<>();
    for (int t : new int[] {1, 16}) {
      String c = "10k, 100 B, " + t + " thr";
      Group hit = groupWith("fc-lru-10k", "getHit", 100, t);
      Group cap = groupWith("fc-lru-10k", "putAtCapacity", 100, t);
      rows.add(new Row("get: bare function (HGET) / RBucket.get", c, side(hit, FN_HGET, "getHit"),
          side(hit, "rbucket", "getHit"), 1, false, Double.NaN, true));
      rows.add(new Row("get hit: bare exact LRU function / RBucket.get", c,
          side(hit, FN_LRU, "getHit"), side(hit, "rbucket", "getHit"), 1, false, Double.NaN, true));
      rows.add(new Row("get hit: funccache LRU / bare exact LRU function", c,
          side(hit, "fc-lru-10k", "getHit"), side(hit, FN_LRU, "getHit"), 1, false, Double.NaN,
          true));
      rows.add(new Row("put: bare function (HSET) / RBucket.set", c,
          side(cap, FN_HGET, "putAtCapacity"), side(cap, "rbucket", "putAtCapacity"), 1, false,
          Double.NaN, true));
      rows.add(new Row("put at capacity: bare exact LRU function / RBucket.set", c,
          side(cap, FN_LRU, "putAtCapacity"), side(cap, "rbucket", "putAtCapacity"), 1, false,
          Double.NaN, true));
      rows.add(new Row("put at capacity: funccache LRU / bare exact LRU function", c,
          side(cap, "fc-lru-10k", "putAtCapacity"), side(cap, FN_LRU, "putAtCapacity"), 1, false,
          Double.NaN, true));
    }
    return rows;
  }

  private Group groupWith(String target, String scenario, int valueSize, int threads) {
    for (Group g : groups) {
      if (g.valueSize == valueSize && g.threads == threads && g.side(target, scenario) != null) {
        return g;
      }
    }
    return null;
  }

  private Side side(Group g, String target, String scenario) {
    return g == null ? null : g.side(target, scenario);
  }

  List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (String fc : FC) {
      for (int size : new int[] {100, 10240}) {
        for (int t : new int[] {1, 16}) {
          if (size != 100 && Target.parse(fc).maxSize() > 10_000) {
            continue;                   // 1M x 10 KB is not measured (10 GB of a shared Redis)
          }
          Group hit = groupWith(fc, "getHit", size, t);   // null in a partial run: FAILED rows
          String c = fc + ", " + (size == 100 ? "100 B" : "10 KB") + ", " + t + " thr";
          Side get = side(hit, fc, "getHit");
          rows.add(new Row("get-hit >= 0.9 x RBucket.get", c, get,
              side(hit, "rbucket", "getHit"), 1, false, 0.9, true));
          rows.add(new Row("get-hit >= 1.0 x Redisson JCache get", c, get,
              side(hit, "rjcache", "getHit"), 1, false, 1.0, true));
          Group cap = groupWith(fc, "putAtCapacity", size, t);
          rows.add(new Row("put at capacity >= 0.8 x RBucket.set", c,
              side(cap, fc, "putAtCapacity"), side(cap, "rbucket", "putAtCapacity"), 1, false, 0.8,
              true));
          if (size == 100) {
            rows.add(new Row("getAll(100) >= 20 x single gets (entries/s)", c,
                side(hit, fc, "getAll100"), get, 100, false, 20, true));
          }
        }
      }
    }
    for (String policy : new String[] {"lru", "lfu"}) {
      for (int t : new int[] {1, 16}) {
        Group g = groupWith("fc-" + policy + "-1m", "getHit", 100, t);
        // closed loops with the same callers: latency ratio = inverse throughput ratio
        rows.add(new Row("get-hit latency at 1M entries <= 1.3 x at 1K", "fc-" + policy
            + ", 100 B, " + t + " thr", side(g, "fc-" + policy + "-1m", "getHit"),
            side(g, "fc-" + policy + "-1m-1k", "getHit"), 1, true, 1.3, false));
      }
    }
    Group near = groupWith(NEAR, "nearHit", 100, 1);
    rows.add(new Row("near hit >= 50 x remote hit", "fc-lru-10k, 100 B, 1 thr",
        side(near, NEAR, "nearHit"), side(near, REMOTE, "remoteHit"), 1, false, 50, true));
    return rows;
  }

  String report(Backends b, List<MemoryProbe.Result> memory, double loadStart, double seconds) {
    StringBuilder sb = new StringBuilder();
    Out p = new Out(sb);
    p.f("Paired run %s: %sRedis %s at %s, %d CPUs, JDK %s, %.0f s; load average %.1f at the"
        + " start, %.1f at the end%n%n", Backends.RUN, options.startRedis() ? "own " : "shared ",
        MemoryProbe.redisVersion(b), Backends.REDIS,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), seconds,
        loadStart, load());
    p.f("Method: each group's sides run %d measured rounds of %.2f s each after %d unmeasured"
        + " warm-up cycle(s) (twice as many for the first group of each caller count); a cycle runs"
        + " every side once, forward in even cycles and backward in odd ones."
        + " A target's ratio is computed per pair (round i of A / round i of B, same cycle)."
        + " Rule: **met when the median of the per-pair ratios meets the bound**; the spread"
        + " (min-max and interquartile range of the pairs) and the number of pairs that meet it"
        + " alone say how firm that is; FAILED when a side could not be set up, a round of it"
        + " threw, or fewer than 5 pairs exist. CPU-cost ratio: the same ratio predicted per pair from"
        + " (this JVM's + Redis's CPU µs per operation) of the two sides, B over A: a steadier"
        + " cross-check on a loaded machine, not the verdict. getAll100: one operation = 100"
        + " entries.%n%n",
        options.rounds(), options.roundMillis() / 1e3, options.warmup());
    p.f("### Targets%n%n");
    p.f("| target | case | median | pairs min-max | pairs IQR | pairs meeting | CPU-cost ratio"
        + " (IQR) | met? |%n");
    p.f("|---|---|---:|---:|---:|---:|---:|---|%n");
    for (Row r : rows()) {
      double[] ratios = r.ratios();
      PairStats.Spread s = PairStats.spread(ratios);
      PairStats.Spread cpu = PairStats.spread(r.cpuRatios());
      p.f("| %s | %s | %s | %s | %s | %s | %s (%s) | %s |%n", r.target(), r.caseLabel(),
          PairStats.fmt(s.median()), s.minMax(), s.iqr(),
          PairStats.pairsMeeting(ratios, r.bound(), r.atLeast()), PairStats.fmt(cpu.median()),
          cpu.iqr(),
          failure(r).isEmpty() ? PairStats.verdict(ratios, r.bound(), r.atLeast(), MIN_PAIRS)
              : "FAILED" + failure(r));
    }
    for (String row : MemoryProbe.targetRows(memory)) {
      p.f("%s%n", row);
    }
    p.f("%n### Design floors%n%n");
    p.f("No verdicts: what a design with one Redis function per operation allows. fn-hget is a"
        + " function that only reads (HGET) or writes (HSET) one hash field; fn-lru-10k makes"
        + " exactly the commands of an exact LRU hit (HGET, the deadline's ZSCORE, HINCRBY of a"
        + " sequence, ZADD) and of a write that evicts at maxSize, over funccache's four keys, with"
        + " nothing else. Same pairing and spread as the targets.%n%n");
    p.f("| ratio | case | median | pairs min-max | pairs IQR | CPU-cost ratio (IQR) |%n");
    p.f("|---|---|---:|---:|---:|---:|%n");
    for (Row r : floorRows()) {
      PairStats.Spread s = PairStats.spread(r.ratios());
      PairStats.Spread cpu = PairStats.spread(r.cpuRatios());
      String failed = failure(r);
      p.f("| %s | %s | %s | %s | %s | %s (%s) |%n", r.target(), r.caseLabel(),
          failed.isEmpty() ? PairStats.fmt(s.median()) : "FAILED" + failed, s.minMax(), s.iqr(),
          PairStats.fmt(cpu.median()), cpu.iqr());
    }
    p.f("%n### Sides%n%n");
    p.f("Per side, medians over its measured rounds. x floor / x RJCache: median of the per-round"
        + " ratios to raw RBucket / Redisson JCache in the same scenario and group. Redis µs/op:"
        + " INFO commandstats usec delta of the side's commands (raw: GET, SET, MGET, MSET;"
        + " Redisson JCache: EVAL, EVALSHA and their _RO forms; funccache: FCALL, FCALL_RO,"
        + " EVALSHA, EVAL) over the round, per operation: execution time only, wall clock inside"
        + " Redis; calls/op shows whether other clients' calls of the same commands landed in it"
        + " (a get, a put and a getAll are one call each). Redis CPU µs/op: INFO cpu (user + sys,"
        + " all of Redis, socket I/O included) per operation. client CPU µs/op: this JVM's process"
        + " CPU time per operation (callers, Redisson's threads, JIT and GC).%n%n");
    for (Group g : groups) {
      p.f("%s, %d thr (%.0f s):%n%n", g.label, g.threads, g.seconds);
      p.f("| side | ops/s | min-max | x floor | x RJCache | Redis µs/op | calls/op | Redis CPU"
          + " µs/op | client CPU µs/op | misses, errors |%n");
      p.f("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n");
      for (Side s : g.sides) {
        if (s.rounds.isEmpty()) {
          p.f("| %s | FAILED | %s | | | | | | | |%n", s.label(),
              s.setupFailure == null ? "" : s.setupFailure.toString().replace('|', '/'));
          continue;
        }
        PairStats.Spread ops = PairStats.spread(s.opsPerSecond());
        p.f("| %s | %,.0f | %,.0f-%,.0f | %s | %s | %.2f | %.2f | %.1f | %.1f | %d, %d |%n",
            s.label(), ops.median(), ops.min(), ops.max(), vs(g, s, "rbucket"), vs(g, s, "rjcache"),
            med(s, Measured::redisMicrosPerOp), med(s, Measured::callsPerOp),
            med(s, Measured::redisCpuMicrosPerOp), med(s, Measured::clientCpuMicrosPerOp),
            s.rounds.stream().mapToLong(Measured::misses).sum(),
            s.rounds.stream().mapToLong(Measured::errors).sum());
      }
      p.f("%n");
    }
    p.f("%s", MemoryProbe.table(memory));
    return sb.toString();
  }

  private static String failure(Row r) {
    for (Side s : new Side[] {r.a(), r.b()}) {
      if (s == null) {
        return " (side not measured)";
      }
      if (s.setupFailure != null) {
        return " (" + s.label() + ": " + s.setupFailure.toString().replace('|', '/') + ")";
      }
      for (Measured m : s.rounds) {
        if (m.errors() > 0) {
          return " (" + s.label() + ": " + m.errors() + " errors, first "
              + String.valueOf(m.firstError()).replace('|', '/') + ")";
        }
      }
    }
    return "";
  }

  private static String vs(Group g, Side s, String floor) {
    if (s.target.equals(floor)) {
      return "1";
    }
    Side f = g.side(floor, s.scenario);
    if (f == null || f.rounds.isEmpty()) {
      return "";
    }
    int n = Math.min(s.rounds.size(), f.rounds.size());
    return PairStats.fmt(PairStats.median(PairStats.ratios(
        java.util.Arrays.copyOf(s.opsPerSecond(), n), java.util.Arrays.copyOf(f.opsPerSecond(), n),
        1, false)));
  }

  private static double med(Side s, java.util.function.ToDoubleFunction<Measured> f) {
    return PairStats.median(s.rounds.stream().mapToDouble(f).toArray());
  }

  /** printf into a StringBuilder. */
  record Out(StringBuilder sb) {
    void f(String format, Object... args) {
      sb.append(String.format(Locale.ROOT, format, args));
    }
  }
}
