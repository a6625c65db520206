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

  private RedisTarget(String url, RedisProcess own, int nettyThreads, int connections)
      throws IOException {
    this.url = url;
    this.own = own;
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", namespace);
    CachingProvider provider = Caching.getCachingProvider(FUNCCACHE_PROVIDER);
    manager = provider.getCacheManager(managerUri(url, nettyThreads, connections),
        provider.getDefaultClassLoader(), properties);
    Config config = new Config();
    config.useSingleServer().setAddress(url).setConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionMinimumIdleSize(0);
    config.setCodec(ByteArrayCodec.INSTANCE);
    redisson = Redisson.create(config);
    Runtime.getRuntime().addShutdownHook(new Thread(this::closeQuietly, "hitrate-cleanup"));
  }

  static RedisTarget open(String url, boolean start) throws IOException {
    return open(url, start, 0, 0);
  }

  /**
   * With nettyThreads > 0, funccache's Redisson client gets that many Netty threads and a pool of
   * at least {@code connections} connections (a config file with an inline Redisson config, the
   * way a user would set them); else funccache's defaults for the URL.
   */
  static RedisTarget open(String url, boolean start, int nettyThreads, int connections)
      throws IOException {
    if (!start) {
      return new RedisTarget(url, null, nettyThreads, connections);
    }
    RedisProcess own = RedisProcess.start();
    System.err.println("hitrate: started redis-server on " + own.url() + " (log in " + own.dir
        + ")");
    return new RedisTarget(own.url(), own, nettyThreads, connections);
  }

  private static URI managerUri(String url, int nettyThreads, int connections) throws IOException {
    if (nettyThreads <= 0) {
      return URI.create(url);
    }
    String yaml = String.join("\n",
        "redis:",
        "  redisson: |",
        "    nettyThreads: " + nettyThreads,
        "    singleServerConfig:",
        "      address: " + url,
        "      connectionMinimumIdleSize: 1",
        "      connectionPoolSize: " + Math.max(64, connections),
        "      subscriptionConnectionMinimumIdleSize: 0",
        "      timeout: 3000",
        "");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("funccache-hitrate", ".yaml");
    file.toFile().deleteOnExit();
    java.nio.file.Files.writeString(file, yaml);
    return file.toUri();
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

  /** Redis's own CPU time (user + system), seconds: all its clients', not only this run's. */
  double cpuSeconds() {
    Map<String, String> cpu = info(RedisNode.InfoSection.CPU);
    return Double.parseDouble(cpu.get("used_cpu_user")) + Double.parseDouble(cpu.get("used_cpu_sys"));
  }

  /**
   * CPU time of Redis's main thread (where commands run), seconds; the whole process's on servers
   * that do not report it per thread.
   */
  double mainThreadCpuSeconds() {
    Map<String, String> cpu = info(RedisNode.InfoSection.CPU);
    String user = cpu.get("used_cpu_user_main_thread");
    String sys = cpu.get("used_cpu_sys_main_thread");
    if (user == null || sys == null) {
      return cpuSeconds();
    }
    return Double.parseDouble(user) + Double.parseDouble(sys);
  }

  CommandStats commandStats() {
    return CommandStats.parse(info(RedisNode.InfoSection.COMMANDSTATS));
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
