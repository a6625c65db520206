package io.funccache.benchmarks;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
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
}
