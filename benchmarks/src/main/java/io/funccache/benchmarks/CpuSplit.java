package io.funccache.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;

/**
 * Where the time of one operation goes, one thread: wall time, this JVM's CPU time (caller,
 * Redisson's Netty threads, everything) and Redis's CPU time ({@code INFO cpu}: command execution
 * and its socket I/O), each per operation, median of five rounds. On a 2-core machine wall time is
 * close to the sum of the two CPU times, which is why the server cost of a script shows in
 * single-thread throughput. Other clients of a shared Redis add to its CPU time: run it quiet.
 */
final class CpuSplit {
  private static final int ENTRIES = 1_000;
  private static final int ROUNDS = 5;
  private static final List<String> TARGETS =
      List.of("rbucket", "rjcache", "fc-lru-10k", "fc-lfu-10k");

  private CpuSplit() {}

  record Row(String scenario, String target, double wallMicros, double clientMicros,
      double redisMicros) {}

  static List<Row> run(Backends b) {
    byte[] value = new byte[100];
    new Random(1).nextBytes(value);
    List<Row> rows = new ArrayList<>();
    for (String id : TARGETS) {
      Store store = DataSets.open(b, Target.parse(id), Backends.RUN + "-cpu-" + id);
      try {
        store.load(0, ENTRIES, value);
        Random random = new Random(7);
        rows.add(measure(b, "getHit", id, 20_000,
            () -> store.get(store.key(random.nextInt(ENTRIES)))));
        rows.add(measure(b, "put", id, 20_000,
            () -> store.put(store.key(random.nextInt(ENTRIES)), value)));
        rows.add(measure(b, "getAll100", id, 1_000, () -> {
          Set<String> keys = new LinkedHashSet<>();
          while (keys.size() < 100) {
            keys.add(store.key(random.nextInt(ENTRIES)));
          }
          store.getAll(keys);
        }));
      } finally {
        store.destroy();
      }
    }
    return rows;
  }

  private static Row measure(Backends b, String scenario, String target, int ops, Runnable op) {
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i < ops; i++) {
      op.run(); // warm-up round: JIT
    }
    double[] wall = new double[ROUNDS];
    double[] client = new double[ROUNDS];
    double[] redis = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      double redis0 = redisCpuSeconds(b);
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      for (int i = 0; i < ops; i++) {
        op.run();
      }
      wall[r] = (System.nanoTime() - t0) / 1e3 / ops;
      client[r] = (os.getProcessCpuTime() - cpu0) / 1e3 / ops;
      redis[r] = (redisCpuSeconds(b) - redis0) * 1e6 / ops;
    }
    Row row = new Row(scenario, target, median(wall), median(client), median(redis));
    System.err.printf("bench: cpu %-10s %-11s wall %6.1f us  client %6.1f us  redis %6.1f us%n",
        scenario, target, row.wallMicros(), row.clientMicros(), row.redisMicros());
    return row;
  }

  private static double redisCpuSeconds(Backends b) {
    Map<String, String> info = b.redisson.getRedisNodes(RedisNodes.SINGLE).getInstance()
        .info(RedisNode.InfoSection.CPU);
    return Double.parseDouble(info.get("used_cpu_user"))
        + Double.parseDouble(info.get("used_cpu_sys"));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static String report(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("| scenario | target | wall us/op | client CPU us/op | Redis CPU us/op |\n");
    sb.append("|---|---|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append(String.format("| %s | %s | %.1f | %.1f | %.1f |%n", r.scenario(), r.target(),
          r.wallMicros(), r.clientMicros(), r.redisMicros()));
    }
    return sb.toString();
  }
}
