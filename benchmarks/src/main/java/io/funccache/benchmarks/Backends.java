package io.funccache.benchmarks;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * The three things measured, opened once per JVM against one Redis, with comparable client settings:
 * funccache's manager (its own relocated Redisson 4.7.0), and one unrelocated Redisson 4.7.0 client
 * for Redisson's JCache and the raw RBucket floor. Everything created lives under the run id
 * ({@code bench-<uuid>}), and {@link #cleanup()} unlinks it.
 */
final class Backends {
  static final String FUNCCACHE_PROVIDER = "io.funccache.RedisCachingProvider";
  static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";

  /** Redis address, same for everyone. */
  static final String REDIS = System.getProperty("bench.redis", "redis://127.0.0.1:6379");
  /** Namespace of everything this JVM creates; a QuickRun passes its own. */
  static final String RUN = System.getProperty("bench.run", "bench-" + UUID.randomUUID());

  private static volatile Backends instance;

  final CacheManager funccache;
  final CacheManager redissonJCache;
  /** Unrelocated Redisson: Redisson JCache, the RBucket floor, and housekeeping (INFO, cleanup). */
  final RedissonClient redisson;
  /** Data sets kept for the whole JVM (read-only ones are reused across trials). */
  final Map<String, Object> kept = new ConcurrentHashMap<>();

  private Backends() {
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", RUN);
    CachingProvider fc = Caching.getCachingProvider(FUNCCACHE_PROVIDER);
    funccache = fc.getCacheManager(URI.create(REDIS + "/0"), fc.getDefaultClassLoader(), properties);

    // The settings funccache's RedisConnector uses for a single server (Redisson defaults for the
    // pool, threads, timeout 3 s), so the clients differ only in what they do per operation.
    Config config = new Config();
    config.useSingleServer()
        .setAddress(REDIS)
        .setDatabase(0)
        .setConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionMinimumIdleSize(0)
        .setTimeout(3_000);
    // Keys as UTF-8 strings, values as the raw byte[]: neither side pays for a serializer.
    config.setCodec(new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE,
        ByteArrayCodec.INSTANCE));
    redisson = Redisson.create(config);
    CachingProvider rp = Caching.getCachingProvider(REDISSON_PROVIDER);
    redissonJCache = rp.getCacheManager(URI.create("bench:" + RUN), rp.getDefaultClassLoader());
  }

  static Backends get() {
    Backends b = instance;
    if (b == null) {
      synchronized (Backends.class) {
        b = instance;
        if (b == null) {
          b = new Backends();
          instance = b;
          Backends opened = b;
          Runtime.getRuntime().addShutdownHook(new Thread(opened::cleanupQuietly, "bench-cleanup"));
        }
      }
    }
    return b;
  }

  static boolean opened() {
    return instance != null;
  }

  Cache<String, byte[]> funccacheCache(String name, EvictionPolicy policy, long maxSize) {
    Cache<String, byte[]> existing = funccache.getCache(name, String.class, byte[].class);
    if (existing != null) {
      return existing;
    }
    return funccache.createCache(name, new RedisCacheConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class).setPolicy(policy).setMaxSize(maxSize));
  }

  Cache<String, byte[]> redissonCache(String name) {
    Cache<String, byte[]> existing = redissonJCache.getCache(name, String.class, byte[].class);
    if (existing != null) {
      return existing;
    }
    MutableConfiguration<String, byte[]> base =
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class);
    return redissonJCache.createCache(name, RedissonConfiguration.fromInstance(redisson, base));
  }

  /** Unlinks every key of this run (all three backends put the run id in their key names). */
  long deleteKeys(String pattern) {
    return redisson.getKeys().deleteByPattern(pattern);
  }

  synchronized void cleanup() {
    if (funccache.isClosed() && redisson.isShutdown()) {
      return;
    }
    for (String name : funccache.getCacheNames()) {
      funccache.destroyCache(name);
    }
    for (String name : redissonJCache.getCacheNames()) {
      redissonJCache.destroyCache(name);
    }
    deleteKeys("*" + RUN + "*");
    if (redisson.getFunction().list(Store.FunctionStore.LIBRARY).size() > 0) {
      redisson.getFunction().delete(Store.FunctionStore.LIBRARY);
    }
    kept.clear();
    funccache.close();
    redissonJCache.close();
    redisson.shutdown();
  }

  private void cleanupQuietly() {
    try {
      cleanup();
    } catch (RuntimeException e) {
      System.err.println("bench: cleanup of " + RUN + " failed: " + e);
    }
  }
}
