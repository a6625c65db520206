package io.funccache.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import org.redisson.api.FunctionMode;
import org.redisson.api.FunctionResult;
import org.redisson.api.RFunction;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/** One data set behind one of the measured APIs. Keys are {@code key(i)}; values are byte[]. */
abstract class Store {
  final String name;

  Store(String name) {
    this.name = name;
  }

  abstract String key(long i);

  abstract byte[] get(String key);

  abstract void put(String key, byte[] value);

  abstract Map<String, byte[]> getAll(Set<String> keys);

  abstract void putAll(Map<String, byte[]> entries);

  abstract void destroy();

  /** Puts keys [from, to) in batches of at most 1 MB (and 1,000 entries). */
  void load(long from, long to, byte[] value) {
    int batch = (int) Math.max(1, Math.min(1_000, (1 << 20) / value.length));
    Map<String, byte[]> chunk = new HashMap<>();
    for (long i = from; i < to; i++) {
      chunk.put(key(i), value);
      if (chunk.size() == batch) {
        putAll(chunk);
        chunk.clear();
      }
    }
    if (!chunk.isEmpty()) {
      putAll(chunk);
    }
  }

  /** A javax.cache.Cache: funccache or Redisson's JCache. */
  static final class JCacheStore extends Store {
    private final Cache<String, byte[]> cache;
    private final Runnable destroyer;

    JCacheStore(String name, Cache<String, byte[]> cache, Runnable destroyer) {
      super(name);
      this.cache = cache;
      this.destroyer = destroyer;
    }

    @Override String key(long i) {
      return "k" + i;
    }

    @Override byte[] get(String key) {
      return cache.get(key);
    }

    @Override void put(String key, byte[] value) {
      cache.put(key, value);
    }

    @Override Map<String, byte[]> getAll(Set<String> keys) {
      return cache.getAll(keys);
    }

    @Override void putAll(Map<String, byte[]> entries) {
      cache.putAll(entries);
    }

    @Override void destroy() {
      destroyer.run();
    }
  }

  /** The floor: one plain Redis string per entry, GET / SET / MGET / MSET through RBucket(s). */
  static final class BucketStore extends Store {
    private final RedissonClient redisson;
    private final String prefix;

    BucketStore(String name, RedissonClient redisson) {
      super(name);
      this.redisson = redisson;
      this.prefix = name + ":";
    }

    @Override String key(long i) {
      return prefix + "k" + i;
    }

    @Override byte[] get(String key) {
      return redisson.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).get();
    }

    @Override void put(String key, byte[] value) {
      redisson.<byte[]>getBucket(key, ByteArrayCodec.INSTANCE).set(value);
    }

    @Override Map<String, byte[]> getAll(Set<String> keys) {
      return redisson.getBuckets(ByteArrayCodec.INSTANCE).get(keys.toArray(String[]::new));
    }

    @Override void putAll(Map<String, byte[]> entries) {
      redisson.getBuckets(ByteArrayCodec.INSTANCE).set(new LinkedHashMap<>(entries));
    }

    @Override void destroy() {
      redisson.getKeys().deleteByPattern(prefix + "*");
    }
  }

  /**
   * A design floor, not a cache: one Redis function call per operation, with nothing of
   * funccache's library around it. {@code fn-hget}: the read is an HGET and the write an HSET, in
   * one hash (what any function-per-operation design costs at least); {@code fn-lru-<maxSize>}:
   * a hit makes exactly an exact LRU hit's commands (the value, its deadline, a sequence number, the
   * index's new score) and a write at the bound evicts the lowest score, over the same four keys as
   * a funccache cache. Called through Redisson's RFunction, as funccache calls its library.
   */
  static final class FunctionStore extends Store {
    static final String LIBRARY = "bench_floor";
    private static final String CODE = """
        redis.register_function{function_name='bench_floor_hget', flags={'no-writes'},
          callback=function(keys, args) return redis.call('HGET', keys[2], args[1]) end}
        redis.register_function('bench_floor_hset', function(keys, args)
          return redis.call('HSET', keys[2], args[1], args[2])
        end)
        redis.register_function('bench_floor_lru_hit', function(keys, args)
          local value = redis.call('HGET', keys[2], args[1])
          if not value then return false end
          redis.call('ZSCORE', keys[3], args[1])
          local seq = redis.call('HINCRBY', keys[4], 'seq', '1')
          redis.call('ZADD', keys[1], seq, args[1])
          return value
        end)
        redis.register_function('bench_floor_lru_put', function(keys, args)
          if redis.call('HEXISTS', keys[2], args[1]) == 0
              and redis.call('HLEN', keys[2]) >= tonumber(args[3]) then
            local victim = redis.call('ZPOPMIN', keys[1])
            if victim[1] then redis.call('HDEL', keys[2], victim[1]) end
          end
          redis.call('HSET', keys[2], args[1], args[2])
          local seq = redis.call('HINCRBY', keys[4], 'seq', '1')
          redis.call('ZADD', keys[1], seq, args[1])
          return 1
        end)
        """;

    private final RedissonClient redisson;
    private final RFunction function;
    private final List<Object> keys;
    private final boolean lru;
    private final byte[] maxSize;

    FunctionStore(String name, RedissonClient redisson, boolean lru, long maxSize) {
      super(name);
      this.redisson = redisson;
      this.function = redisson.getFunction(ByteArrayCodec.INSTANCE);
      String tag = "{" + name + "}";
      this.keys = List.of(tag + ":0", tag + ":1", tag + ":2", tag + ":m");
      this.lru = lru;
      this.maxSize = bytes(Long.toString(maxSize));
      function.loadAndReplace(LIBRARY, CODE);
    }

    private static byte[] bytes(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override String key(long i) {
      return "k" + i;
    }

    @Override byte[] get(String key) {
      return function.call(keys.get(0).toString(), lru ? FunctionMode.WRITE : FunctionMode.READ,
          lru ? "bench_floor_lru_hit" : "bench_floor_hget", FunctionResult.VALUE, keys, bytes(key));
    }

    @Override void put(String key, byte[] value) {
      if (lru) {
        function.call(keys.get(0).toString(), FunctionMode.WRITE, "bench_floor_lru_put",
            FunctionResult.VALUE, keys, bytes(key), value, maxSize);
      } else {
        function.call(keys.get(0).toString(), FunctionMode.WRITE, "bench_floor_hset",
            FunctionResult.VALUE, keys, bytes(key), value);
      }
    }

    @Override Map<String, byte[]> getAll(Set<String> keys) {
      throw new UnsupportedOperationException(name + ": a floor has single operations only");
    }

    @Override void putAll(Map<String, byte[]> entries) {
      entries.forEach(this::put);
    }

    @Override void destroy() {
      redisson.getKeys().delete(keys.stream().map(Object::toString).toArray(String[]::new));
    }
  }
}
