package io.funccache.manager;

import io.funccache.config.ConfigLoader;
import io.funccache.config.FuncCacheSettings;
import io.funccache.store.RedisConnector;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.spi.CachingProvider;
import org.redisson.api.RedissonClient;

/**
 * The open managers of one provider, by ClassLoader (weakly, so that an undeployed application's
 * loader can be collected) and URI. Each provider instance has its own registry.
 */
public final class CacheManagers {
  private final CachingProvider provider;
  private final Map<ClassLoader, Map<URI, RedisCacheManager>> byLoader = new WeakHashMap<>();

  public CacheManagers(CachingProvider provider) {
    this.provider = provider;
  }

  public synchronized RedisCacheManager getOrOpen(URI uri, ClassLoader loader,
      Properties properties) {
    Map<URI, RedisCacheManager> byUri = byLoader.computeIfAbsent(loader, l -> new HashMap<>());
    RedisCacheManager manager = byUri.get(uri);
    if (manager == null || manager.isClosed()) {
      manager = open(uri, loader, properties);
      byUri.put(uri, manager);
    }
    return manager;
  }

  private RedisCacheManager open(URI uri, ClassLoader loader, Properties properties) {
    FuncCacheSettings settings = ConfigLoader.load(uri, loader, properties);
    RedissonClient client = RedisConnector.connect(settings.redis(), settings.source());
    RedisCacheManager manager = new RedisCacheManager(provider, uri, loader, properties, settings,
        client, this::forget);
    manager.openDeclaredCaches();
    return manager;
  }

  private synchronized void forget(RedisCacheManager manager) {
    Map<URI, RedisCacheManager> byUri = byLoader.get(manager.getClassLoader());
    if (byUri != null && byUri.get(manager.getURI()) == manager) {
      byUri.remove(manager.getURI());
      if (byUri.isEmpty()) {
        byLoader.remove(manager.getClassLoader());
      }
    }
  }

  public void closeAll() {
    List<RedisCacheManager> all = new ArrayList<>();
    synchronized (this) {
      byLoader.values().forEach(m -> all.addAll(m.values()));
    }
    all.forEach(RedisCacheManager::close);
  }

  public void close(ClassLoader loader) {
    List<RedisCacheManager> some;
    synchronized (this) {
      Map<URI, RedisCacheManager> byUri = byLoader.get(loader);
      some = byUri == null ? List.of() : new ArrayList<>(byUri.values());
    }
    some.forEach(RedisCacheManager::close);
  }

  public void close(URI uri, ClassLoader loader) {
    RedisCacheManager manager;
    synchronized (this) {
      Map<URI, RedisCacheManager> byUri = byLoader.get(loader);
      manager = byUri == null ? null : byUri.get(uri);
    }
    if (manager != null) {
      manager.close();
    }
  }
}
