package io.funccache.benchmarks.hitrate;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

/**
 * The Redis a run uses: funccache's cache manager (every cache under the run's own namespace,
 * {@code hitrate-<uuid>}, destroyed at the end) and a plain Redisson client for INFO and the plain
 * GET of {@code hitcost}. With {@code start}, a redis-server of the run's own.
 */
final class RedisTarget implements AutoCloseable {
  static final String FUNCCACHE_PROVIDER = "io.funccache.RedisCachingProvider";

  final String url;
  final String namespace = "hitrate-" + UUID.randomUUID();
  final CacheManager manager;
  final RedissonClient redisson;
  private final RedisProcess own;

  private RedisTarget(String url, RedisProcess own) {
    this.url = url;
    this.own = own;
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", namespace);
    CachingProvider provider = Caching.getCachingProvider(FUNCCACHE_PROVIDER);
    manager = provider.getCacheManager(URI.create(url), provider.getDefaultClassLoader(),
        properties);
    Config config = new Config();
    config.useSingleServer().setAddress(url).setConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionMinimumIdleSize(0);
    config.setCodec(ByteArrayCodec.INSTANCE);
    redisson = Redisson.create(config);
    Runtime.getRuntime().addShutdownHook(new Thread(this::closeQuietly, "hitrate-cleanup"));
  }

  static RedisTarget open(String url, boolean start) throws IOException {
    if (!start) {
      return new RedisTarget(url, null);
    }
    RedisProcess own = RedisProcess.start();
    System.err.println("hitrate: started redis-server on " + own.url() + " (log in " + own.dir
        + ")");
    return new RedisTarget(own.url(), own);
  }

  Cache<String, byte[]> create(String name, String policy, long maxSize) {
    return manager.createCache(name, Policies.configuration(name, policy, maxSize));
  }

  void destroy(String name) {
    manager.destroyCache(name);
  }

  Map<String, String> info(RedisNode.InfoSection section) {
    return redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().info(section);
  }

  String describe() {
    Map<String, String> server = info(RedisNode.InfoSection.SERVER);
    return (own != null ? "own " : "") + "Redis " + server.get("redis_version") + " at " + url;
  }

  @Override
  public synchronized void close() {
    if (!manager.isClosed()) {
      for (String name : manager.getCacheNames()) {
        manager.destroyCache(name);
      }
      manager.close();
    }
    if (!redisson.isShutdown()) {
      redisson.shutdown();
    }
    if (own != null) {
      own.close();
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (RuntimeException e) {
      System.err.println("hitrate: cleanup of namespace " + namespace + " failed: " + e);
    }
  }
}
