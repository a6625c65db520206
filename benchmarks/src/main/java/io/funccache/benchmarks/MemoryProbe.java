package io.funccache.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.redisson.api.RScript;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;

/**
 * Redis memory per entry after loading the same 100,000 entries of 100-byte values: INFO memory's
 * used_memory delta (what the brief asks; other clients of a shared Redis disturb it) and the exact
 * MEMORY USAGE (SAMPLES 0) of the data set's own keys (undisturbed by others).
 */
final class MemoryProbe {
  static final int ENTRIES = 100_000;
  static final int VALUE_SIZE = 100;

  record Result(String target, double infoBytesPerEntry, double keyBytesPerEntry, int keys) {}

  private MemoryProbe() {}

  static List<Result> run(Backends b) {
    byte[] value = new byte[VALUE_SIZE];
    new Random(1).nextBytes(value);
    List<Result> results = new ArrayList<>();
    for (String id : List.of("rbucket", "rjcache", "fc-lru-1m", "fc-lfu-1m")) {
      Target spec = Target.parse(id);
      String name = Backends.RUN + "-mem-" + id;
      Store store = DataSets.open(b, spec, name);
      try {
        long before = settledUsedMemory(b);
        store.load(0, ENTRIES, value);
        long after = settledUsedMemory(b);
        List<String> keys = new ArrayList<>();
        b.redisson.getKeys().getKeysByPattern("*" + name + "*").forEach(keys::add);
        long keyBytes = 0;
        for (String key : keys) {
          keyBytes += memoryUsage(b, key);
        }
        results.add(new Result(id, (after - before) / (double) ENTRIES,
            keyBytes / (double) ENTRIES, keys.size()));
      } finally {
        store.destroy();
      }
    }
    return results;
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

  static long memoryUsage(Backends b, String key) {
    Long bytes = b.redisson.getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY,
        "return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', '0')",
        RScript.ReturnType.LONG, List.of(key));
    return bytes == null ? 0 : bytes;
  }

  /** The versions and sizes BENCHMARKS.md records. */
  static String redisVersion(Backends b) {
    return b.redisson.getRedisNodes(RedisNodes.SINGLE).getInstance()
        .info(RedisNode.InfoSection.SERVER).get("redis_version");
  }
}
