package io.funccache.manager;

import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.CacheFactory;
import io.funccache.cache.CacheRuntime;
import io.funccache.cache.RedisCache;
import io.funccache.config.FuncCacheSettings;
import io.funccache.store.RedisConnector;
import io.funccache.store.ScriptLibrary;
import io.funccache.store.ScriptRunner;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;
import org.redisson.api.RedissonClient;

/**
 * The caches of one (URI, ClassLoader) pair, sharing one Redis client. Caches are registered in
 * this JVM: {@link #getCacheNames} lists those created here or declared in the config file, while
 * their data lives in Redis, shared with every JVM that uses the same namespace.
 *
 * <p>A cache declared in the config file opens with the manager, with the file's settings, and
 * stays unclaimed until someone obtains it ({@code getCache}, {@code enableStatistics},
 * {@code enableManagement}): the first {@code createCache} of an unclaimed cache reopens it with
 * the file's settings plus the given configuration's, instead of failing (Spring Boot's
 * {@code spring.cache.cache-names} does that). {@code createCache} of any other cache open here
 * fails, as the specification says. A declared cache closed or destroyed here is opened again,
 * with the file's settings, by the next {@code getCache}.
 */
public final class RedisCacheManager implements CacheManager {
  private final CachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final FuncCacheSettings settings;
  private final RedissonClient client;
  private final CacheFactory factory;
  private final ConfigurationResolver resolver;
  private final Consumer<RedisCacheManager> onClose;
  private final ConcurrentMap<String, RedisCache<?, ?>> caches = new ConcurrentHashMap<>();
  /** The names the config file declares; filled before the manager is handed out. */
  private final Set<String> declared = new LinkedHashSet<>();
  /** Declared caches opened with the manager that nobody has obtained yet. */
  private final Set<String> unclaimed = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService remoteDelivery;
  private volatile boolean closed;

  RedisCacheManager(CachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties, FuncCacheSettings settings, RedissonClient client,
      Consumer<RedisCacheManager> onClose) {
    this.provider = provider;
    this.uri = uri;
    this.classLoader = classLoader;
    this.properties = properties;
    this.settings = settings;
    this.client = client;
    this.onClose = onClose;
    String threads = "funccache-" + settings.namespace();
    this.executor = Executors.newCachedThreadPool(daemonThreads(threads));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads(threads + "-heartbeat"));
    this.remoteDelivery = Executors.newSingleThreadExecutor(daemonThreads(threads + "-remote"));
    this.factory = new CacheFactory(this, new ScriptRunner(client, settings.redis().describe(),
        true, settings.redis().retryAttempts(), settings.redis().retryInterval(),
        ScriptLibrary.with(settings.policies())),
        classLoader, settings.prefix(), settings.namespace(), client,
        new CacheRuntime(executor, scheduler, remoteDelivery, UUID.randomUUID().toString()));
    this.resolver = new ConfigurationResolver(settings, classLoader);
  }

  /**
   * Opens the caches the config file declares, unclaimed, so that a bad declaration or a Redis
   * that refuses one fails getCacheManager, and a first use while Redis is away finds the cache
   * (fail-open annotations run their method); on failure nothing is left open.
   */
  void openDeclaredCaches() {
    try {
      for (String name : settings.caches().keySet()) {
        declared.add(name);
        caches.put(name, factory.create(name, resolver.declared(name), () -> release(name)));
        unclaimed.add(name);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The settings this manager was opened with. */
  public FuncCacheSettings settings() {
    return settings;
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName,
      C configuration) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName must not be null");
    Objects.requireNonNull(configuration, "configuration must not be null");
    RedisCacheConfiguration<K, V> resolved = resolver.resolve(cacheName, configuration);
    if (!resolved.isStoreByValue()) {
      throw new UnsupportedOperationException("Cache '" + cacheName
          + "': funccache stores by value only; store-by-reference cannot be shared through Redis");
    }
    synchronized (caches) {
      if (unclaimed.remove(cacheName)) {
        // Declared, opened with the manager and never handed out: this configuration replaces it.
        RedisCache<?, ?> preopened = caches.remove(cacheName);
        if (preopened != null) {
          CacheFactory.release(preopened);
        }
      } else if (caches.containsKey(cacheName)) {
        throw new CacheException("Cache '" + cacheName + "' already exists in this CacheManager ("
            + uri + ")" + (declared.contains(cacheName)
                ? "; it is declared in the config file and was already obtained (getCache) or "
                    + "created: only a createCache before any getCache may configure it"
                : ""));
      }
      return open(cacheName, resolved);
    }
  }

  /** Opens a cache and registers it here; the caller holds the lock on {@code caches}. */
  private <K, V> RedisCache<K, V> open(String cacheName,
      RedisCacheConfiguration<K, V> configuration) {
    RedisCache<K, V> cache = factory.create(cacheName, configuration, () -> release(cacheName));
    caches.put(cacheName, cache);
    return cache;
  }

  /**
   * The cache open under this name, claimed, opening a declared one again if it was closed or
   * destroyed; else null.
   */
  private RedisCache<?, ?> lookUp(String cacheName) {
    if (unclaimed.contains(cacheName)) {
      synchronized (caches) { // not while a createCache is replacing it
        unclaimed.remove(cacheName);
      }
    }
    RedisCache<?, ?> cache = caches.get(cacheName);
    if (cache != null || !declared.contains(cacheName)) {
      return cache;
    }
    synchronized (caches) {
      cache = caches.get(cacheName);
      return cache != null ? cache : open(cacheName, resolver.declared(cacheName));
    }
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName must not be null");
    Objects.requireNonNull(keyType, "keyType must not be null");
    Objects.requireNonNull(valueType, "valueType must not be null");
    RedisCache<?, ?> cache = lookUp(cacheName);
    if (cache == null) {
      return null;
    }
    @SuppressWarnings("unchecked")
    RedisCacheConfiguration<?, ?> configuration =
        cache.getConfiguration(RedisCacheConfiguration.class);
    if (configuration.getKeyType() != keyType || configuration.getValueType() != valueType) {
      throw new ClassCastException("Cache '" + cacheName + "' holds "
          + configuration.getKeyType().getName() + " -> " + configuration.getValueType().getName()
          + ", not " + keyType.getName() + " -> " + valueType.getName());
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> Cache<K, V> getCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName must not be null");
    return (Cache<K, V>) lookUp(cacheName);
  }

  /** The declared caches, open here or not, then the others open here. */
  @Override
  public Iterable<String> getCacheNames() {
    checkOpen();
    Set<String> names = new LinkedHashSet<>(declared);
    names.addAll(caches.keySet());
    return Collections.unmodifiableSet(names);
  }

  @Override
  public void destroyCache(String cacheName) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName must not be null");
    synchronized (caches) {
      unclaimed.remove(cacheName);
      RedisCache<?, ?> cache = caches.remove(cacheName);
      if (cache != null) {
        CacheFactory.release(cache);
        cache.store().destroy();
      } else {
        // Not open here, but its data may be in Redis, written by another JVM or an earlier run.
        factory.destroy(cacheName);
      }
      // A declared cache stays declared: the next getCache opens it again, empty.
    }
  }

  /**
   * A cache closed by its own close(): it leaves this manager; its data stays in Redis (a
   * declared one is opened again by the next getCache).
   */
  private void release(String cacheName) {
    RedisCache<?, ?> cache = caches.remove(cacheName);
    if (cache != null) {
      CacheFactory.release(cache);
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName must not be null");
    // Claims a declared cache (opening it again if it was closed): its MXBean needs the cache.
    RedisCache<?, ?> cache = lookUp(cacheName);
    if (cache != null) {
      CacheFactory.setManagement(cache, enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    checkOpen();
    Objects.requireNonNull(cacheName, "cacheName must not be null");
    RedisCache<?, ?> cache = lookUp(cacheName);
    if (cache != null) {
      CacheFactory.setStatistics(cache, enabled);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (RedisCache<?, ?> cache : new ArrayList<>(caches.values())) {
        CacheFactory.release(cache);
      }
      caches.clear();
      executor.shutdown();
      scheduler.shutdownNow();
      remoteDelivery.shutdown();
      client.shutdown();
      RedisConnector.release(client);
    } finally {
      onClose.accept(this);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    Objects.requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A funccache CacheManager cannot be unwrapped to "
        + clazz.getName());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("CacheManager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "RedisCacheManager[" + settings.source() + ", namespace=" + settings.namespace() + "]";
  }
}
