package io.funccache.benchmarks.hitrate;

import io.funccache.EvictionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line of {@code hitrate} (and the options {@code hitcost} shares with it). */
public final class HitRateOptions {
  /** The core set: trace name and cache sizes. */
  static final Map<String, int[]> CORE_SET = coreSet();
  /** Policies never replayed by default: their hit ratios say nothing about real workloads. */
  static final List<String> NOT_BY_DEFAULT = List.of("RR", "MRU");

  static final String USAGE = String.join("\n",
      "usage: java -jar benchmarks.jar hitrate [options]",
      "  --trace PATH[:SIZE,SIZE...]  a trace file (gzip text, one decimal key per line) or the",
      "                               name of one in --traces-dir; sizes default to the core set's",
      "                               for its name. Repeatable. Default: the core set.",
      "  --traces-dir DIR             where trace names are looked up (default /work/shared/traces)",
      "  --policies A,B,...           funccache policies by name (default: every EvictionPolicy",
      "                               but RR and MRU); LRU is always replayed",
      "  --limit N                    replay only the first N requests of each trace",
      "  --redis URL                  default: $FUNCCACHE_REDIS_URL, else redis://127.0.0.1:6379",
      "  --start-redis                start a redis-server from the PATH for this run instead",
      "  --no-redis                   only OPT and Caffeine (no funccache policy): seconds",
      "  --parallel N                 caches replayed side by side (default 32)",
      "  --netty-threads N            Netty threads of funccache's Redisson client (default 1)",
      "  --javax-cache                replay through javax.cache get/put, one round trip at a time,",
      "                               instead of the default: funccache's functions pipelined over",
      "                               --connections connections (default 4), many caches per connection",
      "  --out DIR                    where hitrate.md and hitrate.svg go (default benchmarks/target)");

  /** One trace file and the cache sizes to replay it at. */
  record TraceSpec(Path path, int[] sizes) {}

  final List<TraceSpec> traces = new ArrayList<>();
  Path tracesDir = Path.of("/work/shared/traces");
  List<String> policies = defaultPolicies();
  long limit;
  String redis = defaultRedis();
  boolean startRedis;
  int parallel = 32;
  /**
   * Netty threads of funccache's Redisson client. Redisson's default (32) spreads the connections
   * over 32 event loops, so that nearly every reply wakes another thread: on 2 cores one thread
   * cost about a third less client CPU per request.
   */
  int nettyThreads = 1;
  /**
   * Replay through javax.cache (one synchronous round trip per call) instead of pipelining
   * funccache's functions across caches (PipelinedReplay).
   */
  boolean javaxCache;
  /** Connections the pipelined replays share. */
  int connections = 4;
  /** Only the columns computed in this JVM (OPT, Caffeine): seconds, no Redis. */
  boolean noRedis;
  Path out = Files.isDirectory(Path.of("benchmarks", "target")) ? Path.of("benchmarks", "target")
      : Path.of(".");

  private final List<String> traceArgs = new ArrayList<>();

  public static HitRateOptions parse(String... args) {
    HitRateOptions o = new HitRateOptions();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--trace" -> o.traceArgs.add(value(args, ++i, arg));
        case "--traces-dir" -> o.tracesDir = Path.of(value(args, ++i, arg));
        case "--policies" -> o.policies = policies(value(args, ++i, arg));
        case "--limit" -> o.limit = positive(value(args, ++i, arg), arg);
        case "--redis" -> o.redis = value(args, ++i, arg);
        case "--start-redis" -> o.startRedis = true;
        case "--no-redis" -> o.noRedis = true;
        case "--javax-cache" -> o.javaxCache = true;
        case "--connections" -> o.connections = (int) positive(value(args, ++i, arg), arg);
        case "--parallel" -> o.parallel = (int) positive(value(args, ++i, arg), arg);
        case "--netty-threads" -> o.nettyThreads = (int) positive(value(args, ++i, arg), arg);
        case "--out" -> o.out = Path.of(value(args, ++i, arg));
        default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
      }
    }
    for (String policy : o.policies) {
      Policies.check(policy); // a name funccache cannot take fails here, before any replay
    }
    if (o.traceArgs.isEmpty()) {
      CORE_SET.forEach((name, sizes) -> o.traces.add(new TraceSpec(o.resolve(name), sizes)));
    } else {
      for (String t : o.traceArgs) {
        o.traces.add(o.traceSpec(t));
      }
    }
    return o;
  }

  private TraceSpec traceSpec(String arg) {
    String path = arg;
    int[] sizes = null;
    int colon = arg.lastIndexOf(':');
    if (colon > 0 && arg.substring(colon + 1).matches("[0-9_,]+")) {
      path = arg.substring(0, colon);
      sizes = Arrays.stream(arg.substring(colon + 1).split(",")).filter(s -> !s.isEmpty())
          .mapToInt(s -> (int) positive(s, "--trace " + arg)).toArray();
    }
    Path file = resolve(path);
    if (sizes == null || sizes.length == 0) {
      sizes = CORE_SET.get(TraceReader.nameOf(file));
      if (sizes == null) {
        throw new IllegalArgumentException("--trace " + arg + ": trace " + TraceReader.nameOf(file)
            + " is not in the core set, so give its cache sizes (PATH:SIZE,SIZE)");
      }
    }
    return new TraceSpec(file, sizes);
  }

  /** A path as given, or a core-set style name looked up in the traces directory. */
  private Path resolve(String pathOrName) {
    Path p = Path.of(pathOrName);
    if (Files.exists(p) || pathOrName.contains("/")) {
      return p;
    }
    return tracesDir.resolve(pathOrName.endsWith(".gz") ? pathOrName : pathOrName + ".keys.gz");
  }

  static List<String> defaultPolicies() {
    List<String> names = new ArrayList<>();
    for (EvictionPolicy p : EvictionPolicy.values()) {
      if (!NOT_BY_DEFAULT.contains(p.name())) {
        names.add(p.name());
      }
    }
    return withLru(names);
  }

  private static List<String> policies(String list) {
    List<String> names = new ArrayList<>();
    for (String s : list.split(",")) {
      String name = s.trim().toUpperCase(Locale.ROOT);
      if (!name.isEmpty() && !names.contains(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--policies " + list + ": no policy named");
    }
    return withLru(names);
  }

  /** LRU is the reference every policy is read against: always replayed, always first. */
  private static List<String> withLru(List<String> names) {
    List<String> ordered = new ArrayList<>(names);
    ordered.remove("LRU");
    ordered.add(0, "LRU");
    return ordered;
  }

  private static String defaultRedis() {
    String env = System.getenv("FUNCCACHE_REDIS_URL");
    return env == null || env.isBlank() ? "redis://127.0.0.1:6379" : env;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  private static long positive(String text, String option) {
    try {
      long v = Long.parseLong(text.replace("_", ""));
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + ": expected a positive number, got '" + text + "'");
  }

  private static Map<String, int[]> coreSet() {
    Map<String, int[]> m = new LinkedHashMap<>();
    m.put("oltp", new int[] {1_000, 5_000, 15_000});
    m.put("scarab-recs", new int[] {25_000, 100_000});
    m.put("orm-busy-1m", new int[] {625, 2_500});
    m.put("gli", new int[] {500, 1_000});
    m.put("zipf-1.0", new int[] {100, 400});
    m.put("sprite", new int[] {1_000});
    m.put("corda", new int[] {1_024});
    return java.util.Collections.unmodifiableMap(m);
  }
}
