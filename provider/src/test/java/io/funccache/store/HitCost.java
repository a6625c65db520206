package io.funccache.store;

import io.funccache.EvictionPolicy;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisCluster;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * What a read hit costs inside Redis for each policy (INFO commandstats, microseconds per FCALL),
 * next to a plain GET, on a redis-server of its own: 1,000 entries, each read 4 times first (so
 * S3FIFO's frequencies and SIEVE's bits are saturated, the steady state of a hot entry), then
 * {@code hits} gets round-robin; rounds interleave the policies; the lowest and the median
 * round are printed (on a busy machine the lowest is the least disturbed), and the server's CPU
 * time per hit (from /proc, 10 ms ticks: use enough hits). Run
 * by hand: {@code java -cp ... io.funccache.store.HitCost [hits] [rounds]}.
 */
public final class HitCost {
  private static final int ENTRIES = 1_000;

  private HitCost() {
  }

  public static void main(String[] args) {
    int hits = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    try (RedisServer.Started server = RedisServer.start(List.of(), true);
        RedisInspector redis = new RedisInspector(URI.create("redis://127.0.0.1:" + server.port()))) {
      Map<String, List<Double>> results = new LinkedHashMap<>();
      Map<String, List<Double>> cpuResults = new LinkedHashMap<>();
      Map<EvictionPolicy, CacheStore> stores = new LinkedHashMap<>();
      for (EvictionPolicy policy : EvictionPolicy.values()) {
        CacheKeys keys = CacheKeys.of("funccache:", "cost-" + UUID.randomUUID(), policy.name());
        CacheStore store = new CacheStore("cost", keys, new ScriptRunner(redis.client(), "cost"),
            policy, ENTRIES, 0, new MutableClock(1_000_000), "cost");
        for (int i = 0; i < ENTRIES; i++) {
          store.put(PutMode.PUT, key(i), key(i), null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP,
              ExpiryCodes.KEEP, false);
        }
        for (int r = 0; r < 4; r++) {
          for (int i = 0; i < ENTRIES; i++) {
            store.get(key(i), ExpiryCodes.KEEP);
          }
        }
        stores.put(policy, store);
      }
      redis.client().getBucket("cost-plain", ByteArrayCodec.INSTANCE).set(key(0));
      for (int round = 0; round < rounds; round++) {
        for (Map.Entry<EvictionPolicy, CacheStore> e : stores.entrySet()) {
          RedisCluster.cli(server.port(), "CONFIG", "RESETSTAT");
          long cpu = cpuMicros(server);
          for (int i = 0; i < hits; i++) {
            e.getValue().get(key(i % ENTRIES), ExpiryCodes.KEEP);
          }
          cpuResults.computeIfAbsent(e.getKey().name(), k -> new ArrayList<>())
              .add((double) (cpuMicros(server) - cpu) / hits);
          results.computeIfAbsent(e.getKey().name(), k -> new ArrayList<>())
              .add(usecPerCall(server.port(), "fcall"));
        }
        RedisCluster.cli(server.port(), "CONFIG", "RESETSTAT");
        long cpu = cpuMicros(server);
        for (int i = 0; i < hits; i++) {
          redis.client().getBucket("cost-plain", ByteArrayCodec.INSTANCE).get();
        }
        cpuResults.computeIfAbsent("plain GET", k -> new ArrayList<>())
            .add((double) (cpuMicros(server) - cpu) / hits);
        results.computeIfAbsent("plain GET", k -> new ArrayList<>())
            .add(usecPerCall(server.port(), "get"));
      }
      System.out.println("| policy | usec_per_call, lowest of " + rounds + " rounds | median "
          + "| server CPU µs per hit, median | all rounds (usec_per_call) |");
      System.out.println("|---|--:|--:|--:|---|");
      for (Map.Entry<String, List<Double>> e : results.entrySet()) {
        double[] sorted = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] cpu = cpuResults.get(e.getKey()).stream().mapToDouble(Double::doubleValue)
            .sorted().toArray();
        System.out.printf("| %s | %.2f | %.2f | %.2f | %s |%n", e.getKey(), sorted[0],
            sorted[sorted.length / 2], cpu[cpu.length / 2], Arrays.toString(e.getValue().toArray()));
      }
      stores.values().forEach(CacheStore::destroy);
    }
  }

  private static double usecPerCall(int port, String command) {
    String stats = RedisCluster.cli(port, "INFO", "commandstats");
    Matcher m = Pattern.compile("cmdstat_" + command + ":calls=\\d+,usec=\\d+,usec_per_call=([0-9.]+)")
        .matcher(stats);
    if (!m.find()) {
      throw new IllegalStateException("no cmdstat_" + command + " in " + stats);
    }
    return Double.parseDouble(m.group(1));
  }

  /** The server process's CPU time (user + system), from /proc: not inflated by waiting for a core. */
  private static long cpuMicros(RedisServer.Started server) {
    try {
      String stat = java.nio.file.Files.readString(
          java.nio.file.Path.of("/proc/" + server.process().pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
      return ticks * 10_000; // 100 ticks per second (getconf CLK_TCK)
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot read the server's CPU time from /proc", e);
    }
  }

  private static byte[] key(int i) {
    return ("key-" + i).getBytes(StandardCharsets.UTF_8);
  }
}
