package io.funccache.cache;

import io.funccache.RedisCacheConfiguration;
import io.funccache.codec.Codec;
import io.funccache.codec.CodecContext;
import io.funccache.codec.Codecs;
import io.funccache.expiry.ExpiryCalculator;
import io.funccache.store.CacheKeys;
import io.funccache.store.CacheStore;
import io.funccache.store.ScriptRunner;
import java.time.InstantSource;
import javax.cache.CacheManager;
import javax.cache.expiry.ExpiryPolicy;

/** Builds the parts of a cache from its resolved configuration and binds it to its Redis data. */
public final class CacheFactory {
  private final CacheManager manager;
  private final ScriptRunner runner;
  private final ClassLoader classLoader;
  private final String prefix;
  private final String namespace;

  public CacheFactory(CacheManager manager, ScriptRunner runner, ClassLoader classLoader,
      String prefix, String namespace) {
    this.manager = manager;
    this.runner = runner;
    this.classLoader = classLoader;
    this.prefix = prefix;
    this.namespace = namespace;
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
    ExpiryPolicy expiryPolicy = configuration.getExpiryPolicyFactory().create();
    InstantSource clock =
        configuration.getClock() == null ? InstantSource.system() : configuration.getClock();
    long ttlMillis = configuration.getTtl() == null ? 0 : configuration.getTtl().toMillis();
    CacheStore store = new CacheStore(name, keysOf(name), runner, configuration.getPolicy(),
        configuration.getMaxSize(), ttlMillis, clock);
    store.bind();
    EntryCodec<K, V> codec = new EntryCodec<>(name, configuration.getKeyType(),
        configuration.getValueType(), keyCodec, valueCodec);
    return new RedisCache<>(name, manager, configuration, store, codec,
        ExpiryCalculator.of(expiryPolicy), onClose);
  }

  /** Deletes the Redis data of a cache that is not open here. */
  public void destroy(String name) {
    new CacheStore(name, keysOf(name), runner, RedisCacheConfiguration.DEFAULT_POLICY, 0, 0,
        InstantSource.system()).destroy();
  }

  /** Closes a cache on behalf of its manager, which is closing or destroying it. */
  public static void closeForManager(RedisCache<?, ?> cache) {
    cache.closeQuietly();
  }
}
