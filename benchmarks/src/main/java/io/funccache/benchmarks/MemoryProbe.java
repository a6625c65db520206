package io.funccache.benchmarks;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.redisson.api.RScript;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;

/**
 * Redis memory per entry after loading the same 100,000 entries of 100-byte values, once with
 * 10-byte keys and once with 150-byte keys (about what a serialized annotation cache key takes),
 * into raw strings ({@code SET key value}: the Redis key is the key itself), Redisson's JCache and
 * funccache (LRU and LFU, maxSize 1,000,000). Two measures: the exact {@code MEMORY USAGE key
 * SAMPLES 0} summed over every Redis key of the data set (undisturbed by other clients), and INFO
 * memory's {@code used_memory} delta (what the issue names; other clients of a shared Redis move
 * it, and it also counts allocator overhead outside the keys).
 */
final class MemoryProbe {
  static final int ENTRIES = 100_000;
  static final int VALUE_SIZE = 100;
  static final int[] KEY_SIZES = {10, 150};
  static final List<String> TARGETS = List.of("raw", "rjcache", "fc-lru-1m", "fc-lfu-1m");

  record Result(String target, int keySize, double infoBytesPerEntry, double keyBytesPerEntry,
      int keys) {}

  private MemoryProbe() {}

  /**
   * Key i of a data set, exactly {@code size} bytes (ASCII): a run tag (so that a raw key of 10
   * bytes is still this run's own) and the index, zero-padded; at 150 bytes the shape of a
   * serialized method-call cache key.
   */
  static String key(String tag, int size, int i) {
    String index = String.format(Locale.ROOT, "%06d", i);
    if (size == 10) {
      return tag + index;
    }
    String head = "com.example.orders.OrderQueryService.findOpenOrders:SimpleKey [tenant=" + tag
        + ", customer=" + index + ", status=OPEN, page=0, size=50, sort=createdAt";
    String tail = "]";
    int pad = size - head.length() - tail.length();
    if (pad < 0 || tag.length() != 4) {
      throw new IllegalArgumentException("no key shape of " + size + " bytes");
    }
    return head + ",DESC".repeat(pad / 5) + "x".repeat(pad % 5) + tail;
  }

  static List<Result> run(Backends b) {
    byte[] value = new byte[VALUE_SIZE];
    new Random(1).nextBytes(value);
    List<Result> results = new ArrayList<>();
    for (int keySize : KEY_SIZES) {
      for (String id : TARGETS) {
        results.add(measure(b, id, keySize, value));
        Result r = results.get(results.size() - 1);
        System.err.printf(Locale.ROOT, "bench: memory %s, %d-byte keys: %.1f B/entry (MEMORY"
            + " USAGE), %.1f B/entry (used_memory delta)%n", id, keySize, r.keyBytesPerEntry(),
            r.infoBytesPerEntry());
      }
    }
    return results;
  }

  private static Result measure(Backends b, String id, int keySize, byte[] value) {
    String tag = freshTag(b, keySize);
    List<String> keys = new ArrayList<>(ENTRIES);
    for (int i = 0; i < ENTRIES; i++) {
      keys.add(key(tag, keySize, i));
    }
    String name = Backends.RUN + "-mem-" + id + "-" + keySize;
    boolean raw = id.equals("raw");
    Store store = raw ? new Store.BucketStore(name, b.redisson)
        : DataSets.open(b, Target.parse(id), name);
    // A raw key is not under the run's name: a shutdown hook takes them away if the JVM stops here.
    Thread hook = new Thread(() -> unlink(b, keys), "bench-memory-cleanup");
    if (raw) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
    try {
      long before = settledUsedMemory(b);
      Map<String, byte[]> batch = new LinkedHashMap<>();
      for (String k : keys) {
        batch.put(k, value);                        // raw: MSET of the keys themselves
        if (batch.size() == 1_000) {
          store.putAll(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        store.putAll(batch);
      }
      long after = settledUsedMemory(b);
      List<String> redisKeys = new ArrayList<>();
      if (raw) {
        redisKeys.addAll(keys);
      } else {
        b.redisson.getKeys().getKeysByPattern("*" + name + "*").forEach(redisKeys::add);
      }
      long keyBytes = memoryUsage(b, redisKeys);
      return new Result(id, keySize, (after - before) / (double) ENTRIES,
          keyBytes / (double) ENTRIES, redisKeys.size());
    } finally {
      if (raw) {
        unlink(b, keys);
        Runtime.getRuntime().removeShutdownHook(hook);
      } else {
        store.destroy();
      }
    }
  }

  /** A 4-character tag no key of this length starts with yet. */
  private static String freshTag(Backends b, int keySize) {
    SecureRandom random = new SecureRandom();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (int attempt = 0; attempt < 100; attempt++) {
      StringBuilder t = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        t.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String tag = t.toString();
      if (b.redisson.getKeys().countExists(key(tag, keySize, 0), key(tag, keySize, ENTRIES - 1))
          == 0) {
        return tag;
      }
    }
    throw new IllegalStateException("no free key tag");
  }

  private static void unlink(Backends b, List<String> keys) {
    for (int i = 0; i < keys.size(); i += 1_000) {
      b.redisson.getKeys().unlink(keys.subList(i, Math.min(keys.size(), i + 1_000))
          .toArray(String[]::new));
    }
  }

  /**
   * used_memory once it stops moving: the previous data set was unlinked (freed in the
   * background) and replies of the load may still be in flight.
   */
  static long settledUsedMemory(Backends b) {
    long last = usedMemory(b);
    for (int i = 0; i < 20; i++) {
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      long now = usedMemory(b);
      if (Math.abs(now - last) < 64 * 1024) {
        return now;
      }
      last = now;
    }
    return last;
  }

  static long usedMemory(Backends b) {
    Map<String, String> info = b.redisson.getRedisNodes(RedisNodes.SINGLE).getInstance()
        .info(RedisNode.InfoSection.MEMORY);
    return Long.parseLong(info.get("used_memory"));
  }

  /** Exact MEMORY USAGE (SAMPLES 0) summed over the keys, 1,000 keys per script call. */
  static long memoryUsage(Backends b, List<String> keys) {
    long sum = 0;
    for (int i = 0; i < keys.size(); i += 1_000) {
      List<Object> chunk = new ArrayList<>(keys.subList(i, Math.min(keys.size(), i + 1_000)));
      Long bytes = b.redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY,
          "local s = 0 for _, k in ipairs(KEYS) do"
              + " s = s + (redis.call('MEMORY', 'USAGE', k, 'SAMPLES', '0') or 0) end return s",
          RScript.ReturnType.LONG, chunk);
      sum += bytes == null ? 0 : bytes;
    }
    return sum;
  }

  /** The versions and sizes BENCHMARKS.md records. */
  static String redisVersion(Backends b) {
    return b.redisson.getRedisNodes(RedisNodes.SINGLE).getInstance()
        .info(RedisNode.InfoSection.SERVER).get("redis_version");
  }

  private static Result find(List<Result> results, String target, int keySize) {
    for (Result r : results) {
      if (r.target().equals(target) && r.keySize() == keySize) {
        return r;
      }
    }
    return null;
  }

  /** The memory rows of the targets table (funccache over Redisson JCache, both measures). */
  static List<String> targetRows(List<Result> results) {
    List<String> rows = new ArrayList<>();
    for (String fc : List.of("fc-lru-1m", "fc-lfu-1m")) {
      for (int keySize : KEY_SIZES) {
        Result f = find(results, fc, keySize);
        Result rj = find(results, "rjcache", keySize);
        String c = fc + ", " + keySize + "-byte keys";
        rows.add(row("memory/entry <= Redisson JCache's (MEMORY USAGE)", c,
            f == null || rj == null ? Double.NaN : f.keyBytesPerEntry() / rj.keyBytesPerEntry()));
        rows.add(row("memory/entry <= Redisson JCache's (INFO delta)", c,
            f == null || rj == null ? Double.NaN : f.infoBytesPerEntry() / rj.infoBytesPerEntry()));
      }
    }
    return rows;
  }

  /** One measurement, no pairs: the spread columns say so. */
  private static String row(String target, String c, double ratio) {
    String verdict = Double.isNaN(ratio) ? "FAILED (not measured)" : ratio <= 1.0 ? "met"
        : "MISSED";
    return String.format(Locale.ROOT, "| %s | %s | %s | (one measurement) | | | | %s |", target, c,
        PairStats.fmt(ratio), verdict);
  }

  static String table(List<Result> results) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Redis memory per entry, %,d entries of %d-byte values,"
        + " keys of 10 and 150 bytes (raw: SET key value, the Redis key is the key):%n%n", ENTRIES,
        VALUE_SIZE));
    sb.append("| target | key | MEMORY USAGE / entry | x RJCache | INFO used_memory delta / entry"
        + " | x RJCache | Redis keys |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      Result rj = find(results, "rjcache", r.keySize());
      sb.append(String.format(Locale.ROOT, "| %s | %d B | %.1f B | %s | %.1f B | %s | %d |%n",
          r.target(), r.keySize(), r.keyBytesPerEntry(),
          rj == null ? "" : PairStats.fmt(r.keyBytesPerEntry() / rj.keyBytesPerEntry()),
          r.infoBytesPerEntry(),
          rj == null ? "" : PairStats.fmt(r.infoBytesPerEntry() / rj.infoBytesPerEntry()),
          r.keys()));
    }
    return sb.toString();
  }
}
