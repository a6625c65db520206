package io.funccache.cache;

import io.funccache.RedisCacheConfiguration;
import io.funccache.codec.Codec;
import io.funccache.codec.CodecContext;
import io.funccache.codec.Codecs;
import io.funccache.expiry.ExpiryCalculator;
import io.funccache.integration.CacheIntegration;
import io.funccache.management.CacheConfigurationBean;
import io.funccache.near.NearCache;
import io.funccache.management.CacheStatistics;
import io.funccache.management.ManagementRegistrar;
import io.funccache.management.ManagementRegistrar.Kind;
import io.funccache.store.CacheKeys;
import io.funccache.store.CacheStore;
import io.funccache.store.EventChannel;
import io.funccache.store.ShardedStore;
import io.funccache.store.ScriptRunner;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;
import org.redisson.api.RedissonClient;

/**
 * Builds the parts of a cache from its resolved configuration, binds it to its Redis data, and
 * takes it apart again. Whatever a failed build created is released before the failure leaves.
 */
public final class CacheFactory {
  private final CacheManager manager;
  private final ScriptRunner runner;
  private final ClassLoader classLoader;
  private final String prefix;
  private final String namespace;
  private final RedissonClient client;
  private final CacheRuntime runtime;

  public CacheFactory(CacheManager manager, ScriptRunner runner, ClassLoader classLoader,
      String prefix, String namespace, RedissonClient client, CacheRuntime runtime) {
    this.manager = manager;
    this.runner = runner;
    this.classLoader = classLoader;
    this.prefix = prefix;
    this.namespace = namespace;
    this.client = client;
    this.runtime = runtime;
  }

  public CacheKeys keysOf(String name) {
    return CacheKeys.of(prefix, namespace, name);
  }

  /**
   * A cache bound to the data under its name: existing entries are kept (another JVM may be using
   * them); a changed policy or smaller maxSize is applied to them as {@link CacheStore#bind} says.
   */
  public <K, V> RedisCache<K, V> create(String name, RedisCacheConfiguration<K, V> configuration,
      Runnable onClose) {
    Codec keyCodec = Codecs.create(configuration.getKeyCodec(), new CodecContext(name, classLoader,
        configuration.getKeyType(), configuration.getAllowedClasses()));
    Codec valueCodec = Codecs.create(configuration.getCodec(), new CodecContext(name, classLoader,
        configuration.getValueType(), configuration.getAllowedClasses()));
    InstantSource clock =
        configuration.getClock() == null ? InstantSource.system() : configuration.getClock();
    long ttlMillis = configuration.getTtl() == null ? 0 : configuration.getTtl().toMillis();
    int shardCount = configuration.getShards();
    if (configuration.getMaxSize() > 0 && configuration.getMaxSize() < shardCount) {
      throw new IllegalArgumentException("Cache '" + name + "': maxSize "
          + configuration.getMaxSize() + " cannot be split over " + shardCount + " shards");
    }
    List<CacheStore> shards = new ArrayList<>(shardCount);
    List<EventChannel> channels = new ArrayList<>(shardCount);
    for (int i = 0; i < shardCount; i++) {
      CacheKeys keys = shardCount == 1 ? keysOf(name)
          : CacheKeys.ofShard(prefix, namespace, name, i);
      shards.add(new CacheStore(name, keys, runner, configuration.getPolicyName(),
          ShardedStore.shareOf(configuration.getMaxSize(), shardCount, i), ttlMillis, clock,
          runtime.origin()));
      channels.add(new EventChannel(client, keys));
    }
    NearCache near = configuration.getNearCacheMaxSize() == 0 ? null
        : new NearCache(configuration.getNearCacheMaxSize(), configuration.getNearCacheTtl(), clock);
    ShardedStore store = new ShardedStore(shards, runtime.executor(), near);
    store.bind();

    ExpiryPolicy expiryPolicy = configuration.getExpiryPolicyFactory().create();
    CacheIntegration<K, V> integration = null;
    RedisCache<K, V> cache = null;
    try {
      integration = new CacheIntegration<>(name, create(configuration.getCacheLoaderFactory()),
          configuration.isWriteThrough() ? create(configuration.getCacheWriterFactory()) : null,
          configuration.isReadThrough(), configuration.isWriteThrough());
      CacheStatistics statistics = new CacheStatistics(configuration.isStatisticsEnabled());
      EntryCodec<K, V> codec = new EntryCodec<>(name, configuration.getKeyType(),
          configuration.getValueType(), keyCodec, valueCodec, configuration.getMaxValueSize(),
          new DecodeFailures(name, configuration.getOnDecodeFailure(), store, statistics));
      cache = new RedisCache<>(name, manager, configuration, store, codec,
          ExpiryCalculator.of(expiryPolicy), integration, statistics, channels, runtime, onClose);
      for (CacheEntryListenerConfiguration<K, V> listener
          : configuration.getCacheEntryListenerConfigurations()) {
        cache.registerCacheEntryListener(listener);
      }
      cache.followRemoteChanges();
      setStatistics(cache, configuration.isStatisticsEnabled());
      setManagement(cache, configuration.isManagementEnabled());
      return cache;
    } catch (RuntimeException e) {
      if (cache != null) {
        release(cache);
      } else {
        if (integration != null) {
          integration.close();
        }
        CacheIntegration.closeQuietly(expiryPolicy);
      }
      throw e;
    }
  }

  private static <T> T create(Factory<T> factory) {
    return factory == null ? null : factory.create();
  }

  /** Turns statistics on or off (the MXBean is registered while they are on). */
  public static void setStatistics(RedisCache<?, ?> cache, boolean enabled) {
    cache.liveConfiguration().setStatisticsEnabled(enabled);
    cache.statistics().setEnabled(enabled);
    if (enabled) {
      ManagementRegistrar.register(cache, Kind.STATISTICS, cache.statistics());
    } else {
      ManagementRegistrar.unregister(cache, Kind.STATISTICS);
    }
  }

  /** Turns the configuration MXBean on or off. */
  public static void setManagement(RedisCache<?, ?> cache, boolean enabled) {
    cache.liveConfiguration().setManagementEnabled(enabled);
    if (enabled) {
      ManagementRegistrar.register(cache, Kind.CONFIGURATION, new CacheConfigurationBean(cache));
    } else {
      ManagementRegistrar.unregister(cache, Kind.CONFIGURATION);
    }
  }

  /** Releases what this JVM holds for a cache: listeners, loader, writer, MXBeans. */
  public static void release(RedisCache<?, ?> cache) {
    try {
      ManagementRegistrar.unregister(cache, Kind.STATISTICS);
      ManagementRegistrar.unregister(cache, Kind.CONFIGURATION);
    } finally {
      cache.release();
    }
  }

  /** Deletes the Redis data of a cache that is not open here. */
  public void destroy(String name) {
    bare(name, keysOf(name)).destroy();
    // Sharded, it keeps its data under one tag per shard instead. Every shard holds metadata from
    // the bind at its creation, so the first shard without any key is past the last one.
    for (int shard = 0; bare(name, CacheKeys.ofShard(prefix, namespace, name, shard)).destroy();
        shard++) {
      // destroyed
    }
  }

  /** A store that only destroys: policy and size do not matter there. */
  private CacheStore bare(String name, CacheKeys keys) {
    return new CacheStore(name, keys, runner, RedisCacheConfiguration.DEFAULT_POLICY, 0, 0,
        InstantSource.system(), runtime.origin());
  }
}
