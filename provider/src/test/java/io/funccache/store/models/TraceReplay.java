package io.funccache.store.models;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.funccache.store.PolicyModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Replays access traces (gzip text, one decimal key per line) through the policy models (TINYLFU's
 * also with Caffeine's own sample of 10 * maxSize requests for its climber), Caffeine and a plain
 * LRU, one get per request and a put on each miss, and prints the hit ratios. Run by
 * hand, not by the build:
 *
 * <pre>
 * ./mvnw -B -q -pl provider -am test-compile
 * java -cp "provider/target/test-classes:$(cat cp.txt)" io.funccache.store.models.TraceReplay \
 *     [--dir /work/shared/traces] [--limit N] [trace:size ...]
 * </pre>
 */
public final class TraceReplay {
  private static final String CORE = "oltp:1000 oltp:5000 oltp:15000 scarab-recs:25000 "
      + "scarab-recs:100000 orm-busy-1m:625 orm-busy-1m:2500 gli:500 gli:1000 zipf-1.0:100 "
      + "zipf-1.0:400 sprite:1000 corda:1024";

  private TraceReplay() {
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of("/work/shared/traces");
    int limit = Integer.MAX_VALUE;
    int[] stepLimits = null;
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[++i]);
        case "--limit" -> limit = Integer.parseInt(args[++i]);
        case "--step-limits" -> stepLimits = Arrays.stream(args[++i].split(","))
            .mapToInt(Integer::parseInt).toArray();
        default -> rows.add(args[i]);
      }
    }
    if (rows.isEmpty()) {
      rows.addAll(Arrays.asList(CORE.split(" ")));
    }
    if (stepLimits != null) {
      stepLimitTable(dir, limit, rows, stepLimits);
      return;
    }
    System.out.println("| trace | size | requests | LRU | Caffeine | TINYLFU | TINYLFU, Caffeine's "
        + "sample | S3FIFO | SIEVE | S3FIFO unbounded | SIEVE unbounded | S3FIFO fallbacks "
        + "| SIEVE fallbacks |");
    System.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    Map<String, String[]> loaded = new HashMap<>();
    Path traces = dir;
    for (String row : rows) {
      String name = row.substring(0, row.lastIndexOf(':'));
      int size = Integer.parseInt(row.substring(row.lastIndexOf(':') + 1));
      String[] trace = loaded.computeIfAbsent(name, n -> read(traces.resolve(n + ".keys.gz")));
      int n = Math.min(limit, trace.length);
      S3FifoModel s3 = new S3FifoModel(size);
      SieveModel sieve = new SieveModel(size);
      double lru = ratio(trace, n, lru(size));
      double caffeine = caffeine(trace, n, size);
      TinyLfuModel tiny = new TinyLfuModel(size);
      double tinyRatio = ratio(trace, n, tiny);
      double tinyCaffeineSample = ratio(trace, n,
          new TinyLfuModel(size, TinyLfuModel.CAFFEINE_SAMPLE));
      double s3Ratio = ratio(trace, n, s3);
      double sieveRatio = ratio(trace, n, sieve);
      double s3Free = ratio(trace, n, new S3FifoModel(size, Integer.MAX_VALUE));
      double sieveFree = ratio(trace, n, new SieveModel(size, Integer.MAX_VALUE));
      System.out.printf("| %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f "
          + "| %d | %d |%n", name, size, n, lru, caffeine, tinyRatio, tinyCaffeineSample, s3Ratio,
          sieveRatio, s3Free, sieveFree, s3.fallbacks(), sieve.fallbacks());
      System.err.println(row + " S3FIFO: " + s3.stats() + "; SIEVE: " + sieve.stats()
          + "; TINYLFU: window target " + tiny.windowTarget() + " at the end");
    }
  }

  /** What the bound on steps per eviction costs: hit ratio and fallbacks per step limit. */
  private static void stepLimitTable(Path dir, int limit, List<String> rows, int[] stepLimits) {
    StringBuilder header = new StringBuilder("| trace | size |");
    for (int s : stepLimits) {
      header.append(" S3FIFO ").append(s).append(" | SIEVE ").append(s).append(" |");
    }
    System.out.println(header + " S3FIFO unbounded | SIEVE unbounded |");
    System.out.println("|---|--:|" + "--:|--:|".repeat(stepLimits.length + 1));
    Map<String, String[]> loaded = new HashMap<>();
    for (String row : rows) {
      String name = row.substring(0, row.lastIndexOf(':'));
      int size = Integer.parseInt(row.substring(row.lastIndexOf(':') + 1));
      String[] trace = loaded.computeIfAbsent(name, n -> read(dir.resolve(n + ".keys.gz")));
      int n = Math.min(limit, trace.length);
      StringBuilder line = new StringBuilder("| " + name + " | " + size + " |");
      for (int s : stepLimits) {
        S3FifoModel s3 = new S3FifoModel(size, s);
        SieveModel sieve = new SieveModel(size, s);
        line.append(String.format(" %.2f (%d) | %.2f (%d) |", ratio(trace, n, s3), s3.fallbacks(),
            ratio(trace, n, sieve), sieve.fallbacks()));
      }
      line.append(String.format(" %.2f | %.2f |",
          ratio(trace, n, new S3FifoModel(size, Integer.MAX_VALUE)),
          ratio(trace, n, new SieveModel(size, Integer.MAX_VALUE))));
      System.out.println(line);
    }
  }

  /** Hit ratio in percent of a get-then-put-on-miss replay of the first n requests. */
  static double ratio(String[] trace, int n, PolicyModel model) {
    long hits = 0;
    for (int i = 0; i < n; i++) {
      if (model.get(trace[i])) {
        hits++;
      } else {
        model.put(trace[i]);
      }
    }
    return 100.0 * hits / n;
  }

  private static double caffeine(String[] trace, int n, int size) {
    Cache<String, Boolean> cache = Caffeine.newBuilder().maximumSize(size)
        .executor(Runnable::run).build();
    long hits = 0;
    for (int i = 0; i < n; i++) {
      if (cache.getIfPresent(trace[i]) != null) {
        hits++;
      } else {
        cache.put(trace[i], Boolean.TRUE);
      }
    }
    return 100.0 * hits / n;
  }

  /** A plain LRU (an access-ordered LinkedHashMap). */
  static PolicyModel lru(int size) {
    LinkedHashMap<String, Boolean> map = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > size;
      }
    };
    return new PolicyModel() {
      @Override
      public boolean get(String key) {
        return map.get(key) != null;
      }

      @Override
      public void put(String key) {
        map.put(key, Boolean.TRUE);
      }

      @Override
      public void remove(String key) {
        map.remove(key);
      }

      @Override
      public Set<String> keys() {
        return new java.util.TreeSet<>(map.keySet());
      }
    };
  }

  /** A trace's requests; equal keys share one String. */
  public static String[] read(Path file) {
    Map<String, String> canonical = new HashMap<>();
    List<String> keys = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isEmpty()) {
          keys.add(canonical.computeIfAbsent(line, k -> k));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read trace " + file + ": " + e, e);
    }
    return keys.toArray(String[]::new);
  }
}
