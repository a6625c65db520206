package io.funccache.store;

import io.funccache.EvictionPolicy;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

/**
 * What each hot operation makes Redis do, per call, next to GET, SET and HGET: the server's
 * {@code INFO commandstats} (microseconds per call, and the commands each call ran) and, when the
 * server runs under {@code valgrind --tool=callgrind}, the instructions it executed per call
 * (deterministic, unlike time on a shared machine). Run by hand against a server of your own
 * (see BENCHMARKS.md, "The hot path, instruction by instruction"):
 * {@code java -cp ... io.funccache.store.HotPathCost <port> [callgrind pid] [calls]}.
 *
 * <p>Scenarios: 1,000 entries of 100 B, maxSize 1,000, no ttl, no per-entry expiry (what a
 * {@code getCache} with a maxSize and the default expiry gets); hits round-robin after four warm-up
 * rounds (the steady state of a hot entry); a put at capacity inserts a new id (so evicts one); a
 * put update rewrites a present id; getAll reads 100 present ids.
 */
public final class HotPathCost {
  private static final int ENTRIES = 1_000;
  private static final Pattern CMDSTAT = Pattern.compile(
      "cmdstat_([a-z_|]+):calls=(\\d+),usec=(\\d+),usec_per_call=([0-9.]+)");

  private static int dumps;
  /**
   * The system clock (the scripts read Redis's TIME, as in production), or with
   * {@code -Dhotpath.clock=injected} a clock of the caller's (the header carries "now").
   */
  private static final java.time.InstantSource CLOCK =
      "injected".equals(System.getProperty("hotpath.clock")) ? new MutableClock(1_000_000)
          : java.time.InstantSource.system();

  private HotPathCost() {
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long valgrindPid = args.length > 1 ? Long.parseLong(args[1]) : 0;
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    Config config = new Config();
    config.useSingleServer().setAddress("redis://127.0.0.1:" + port).setTimeout(60_000)
        .setConnectionMinimumIdleSize(1).setConnectionPoolSize(1)
        .setSubscriptionConnectionMinimumIdleSize(0).setSubscriptionConnectionPoolSize(1);
    config.setCodec(ByteArrayCodec.INSTANCE);
    RedissonClient client = Redisson.create(config);
    try {
      String namespace = "hotpath-" + UUID.randomUUID();
      byte[] value = new byte[100];
      java.util.Arrays.fill(value, (byte) 'v');
      Map<String, Runnable> scenarios = new LinkedHashMap<>();
      var bucket = client.getBucket(namespace + "-plain", ByteArrayCodec.INSTANCE);
      bucket.set(value);
      var map = client.getMap(namespace + "-hash", ByteArrayCodec.INSTANCE);
      map.fastPut(key(0), value);
      int[] n = new int[1];
      scenarios.put("GET", () -> bucket.get());
      scenarios.put("SET", () -> bucket.set(value));
      scenarios.put("HGET", () -> map.get(key(0)));
      for (EvictionPolicy policy : List.of(EvictionPolicy.LRU, EvictionPolicy.LFU,
          EvictionPolicy.FIFO, EvictionPolicy.S3FIFO)) {
        CacheStore store = filled(client, namespace, policy.name(), policy, value);
        scenarios.put("get hit " + policy, () -> store.get(key(n[0]++ % ENTRIES), ExpiryCodes.KEEP));
      }
      CacheStore lru = filled(client, namespace, "lru", EvictionPolicy.LRU, value);
      scenarios.put("get miss LRU", () -> lru.get(ascii("absent" + n[0]++), ExpiryCodes.KEEP));
      scenarios.put("put at capacity LRU", () -> lru.put(PutMode.PUT, ascii("new" + n[0]++), value,
          null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP, ExpiryCodes.KEEP, false));
      CacheStore updated = filled(client, namespace, "upd", EvictionPolicy.LRU, value);
      scenarios.put("put update LRU", () -> updated.put(PutMode.PUT, key(n[0]++ % ENTRIES), value,
          null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP, ExpiryCodes.KEEP, false));
      // Keys of 150 bytes (a serialized annotation cache key): stored under a digest id.
      CacheStore longKeys = filled(client, namespace, "long", EvictionPolicy.LRU, value,
          HotPathCost::longKey);
      scenarios.put("get hit LRU, 150-byte keys",
          () -> longKeys.get(longKey(n[0]++ % ENTRIES), ExpiryCodes.KEEP));
      scenarios.put("put at capacity LRU, 150-byte keys", () -> longKeys.put(PutMode.PUT,
          longKey(ENTRIES + n[0]++), value, null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP,
          ExpiryCodes.KEEP, false));
      CacheStore batch = filled(client, namespace, "batch", EvictionPolicy.LRU, value);
      scenarios.put("getAll(100) LRU", () -> {
        List<byte[]> ids = new ArrayList<>(100);
        int from = (n[0]++ * 100) % ENTRIES;
        for (int i = 0; i < 100; i++) {
          ids.add(key(from + i));
        }
        batch.getAll(ids, ExpiryCodes.KEEP);
      });
      System.out.println("| operation | instructions per call | usec_per_call | client bytes allocated"
          + " per call | commands per call |");
      System.out.println("|---|--:|--:|--:|---|");
      String only = System.getProperty("hotpath.only", "");
      for (Map.Entry<String, Runnable> e : scenarios.entrySet()) {
        if (!only.isEmpty() && !e.getKey().matches(only)) {
          continue;
        }
        for (int i = 0; i < 200; i++) {
          e.getValue().run(); // the client's JIT, and the server's state for this scenario
        }
        RedisCluster.cli(port, "CONFIG", "RESETSTAT");
        if (valgrindPid > 0) {
          callgrind(valgrindPid, "-z");
        }
        long allocated = allocatedBytes();
        for (int i = 0; i < calls; i++) {
          e.getValue().run();
        }
        allocated = allocatedBytes() - allocated;
        long instructions = valgrindPid > 0 ? dumpedInstructions(valgrindPid) : -1;
        String stats = RedisCluster.cli(port, "INFO", "commandstats");
        Matcher m = CMDSTAT.matcher(stats);
        String outer = null;
        double usec = 0;
        long outerCalls = 0;
        StringBuilder inner = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        while (m.find()) {
          rows.add(new String[] {m.group(1), m.group(2), m.group(4)});
        }
        rows.removeIf(r -> r[0].equals("config|resetstat") || r[0].equals("info"));
        rows.sort(Comparator.comparing(r -> r[0]));
        for (String[] r : rows) {
          long c = Long.parseLong(r[1]);
          if (outer == null && (r[0].equals("fcall") || r[0].equals("evalsha"))) {
            outer = r[0];
            usec = Double.parseDouble(r[2]);
            outerCalls = c;
          }
        }
        if (outer == null && !rows.isEmpty()) {
          outer = rows.get(0)[0];
          usec = Double.parseDouble(rows.get(0)[2]);
          outerCalls = Long.parseLong(rows.get(0)[1]);
        }
        for (String[] r : rows) {
          if (!r[0].equals(outer)) {
            inner.append(inner.length() == 0 ? "" : " ").append(r[0]).append(' ')
                .append(String.format("%.2f", (double) Long.parseLong(r[1]) / outerCalls));
          }
        }
        System.out.printf("| %s | %s | %.2f | %,d | %s%s |%n", e.getKey(),
            instructions < 0 ? "-" : String.format("%,d", instructions / calls), usec,
            allocated / calls, outer,
            inner.length() == 0 ? "" : ": " + inner);
      }
      for (String name : List.of("LRU", "LFU", "FIFO", "S3FIFO", "lru", "upd", "long", "batch")) {
        client.getKeys().deleteByPattern("funccache:{" + namespace + ":" + name + "}:*");
      }
      client.getKeys().delete(namespace + "-plain", namespace + "-hash");
    } finally {
      client.shutdown();
    }
  }

  private static CacheStore filled(RedissonClient client, String namespace, String name,
      EvictionPolicy policy, byte[] value) {
    return filled(client, namespace, name, policy, value, HotPathCost::key);
  }

  private static CacheStore filled(RedissonClient client, String namespace, String name,
      EvictionPolicy policy, byte[] value, java.util.function.IntFunction<byte[]> key) {
    CacheKeys keys = CacheKeys.of("funccache:", namespace, name);
    CacheStore store = new CacheStore(name, keys, new ScriptRunner(client, "hotpath"), policy,
        ENTRIES, 0, CLOCK, "hotpath");
    store.bind();
    for (int i = 0; i < ENTRIES; i++) {
      store.put(PutMode.PUT, key.apply(i), value, null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP,
          ExpiryCodes.KEEP, false);
    }
    for (int r = 0; r < 4; r++) {
      for (int i = 0; i < ENTRIES; i++) {
        store.get(key.apply(i), ExpiryCodes.KEEP);
      }
    }
    return store;
  }

  /**
   * Bytes allocated so far by every thread of this JVM (the caller's and Redisson's Netty threads;
   * threads that ended are not counted, so all measured calls must run on live threads).
   */
  private static long allocatedBytes() {
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
        .getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  private static void callgrind(long pid, String option) throws Exception {
    Process p = new ProcessBuilder("callgrind_control", option, String.valueOf(pid))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("callgrind_control " + option + ": " + out);
    }
  }

  /** Dumps the counters since the last zeroing; returns the instructions (Ir) in the dump. */
  private static long dumpedInstructions(long pid) throws Exception {
    Path dir = Path.of(System.getProperty("hotpath.callgrind.dir", "."));
    long before = System.currentTimeMillis();
    callgrind(pid, "-d");
    Path latest = null;
    for (int wait = 0; wait < 100 && latest == null; wait++) {
      try (Stream<Path> files = Files.list(dir)) {
        latest = files.filter(f -> f.getFileName().toString().startsWith("callgrind.out." + pid))
            .filter(f -> f.toFile().lastModified() >= before - 1_000)
            .max(Comparator.comparingLong(f -> f.toFile().lastModified())).orElse(null);
      }
      if (latest == null) {
        Thread.sleep(100);
      }
    }
    if (latest == null) {
      throw new IllegalStateException("no callgrind dump in " + dir);
    }
    for (String line : Files.readAllLines(latest)) {
      if (line.startsWith("summary:") || line.startsWith("totals:")) {
        long total = Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split(" ")[0]);
        if (Boolean.getBoolean("hotpath.keep")) {
          Files.move(latest, dir.resolve("scenario-" + (++dumps) + ".callgrind"));
        } else {
          Files.delete(latest);
        }
        return total;
      }
    }
    throw new IllegalStateException("no totals in " + latest);
  }

  private static byte[] key(int i) {
    return ascii("key-" + i);
  }

  private static byte[] longKey(int i) {
    String k = "key-" + i + "-";
    return ascii(k + "x".repeat(150 - k.length()));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
