package io.funccache.cdi.core;

import java.lang.annotation.Annotation;
import java.util.Objects;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;

/**
 * The specification's default resolver factory: caches are found by name in a {@link CacheManager}
 * and created with a {@code MutableConfiguration<Object, Object>} when missing (funccache then
 * takes the cache's size bound and policy from its configuration file, or its defaults).
 *
 * <p>The manager is asked for on every call, never captured: by default
 * {@code Caching.getCachingProvider().getCacheManager()}, so when someone closes the default
 * manager the next call simply opens a new one. A resolved {@link Cache} is reused only while it is
 * open and still belongs to the manager the supplier returns.
 */
public class DefaultCacheResolverFactory implements CacheResolverFactory {

  private final Supplier<CacheManager> managers;

  /** Resolves through {@code Caching.getCachingProvider().getCacheManager()}, looked up per call. */
  public DefaultCacheResolverFactory() {
    this(() -> Caching.getCachingProvider().getCacheManager());
  }

  /**
   * Resolves through the manager {@code managers} returns on each call; return a fresh manager from
   * the provider (for instance {@code provider.getCacheManager(uri, loader, properties)}) rather than
   * a captured one, so that a closed manager is replaced.
   */
  public DefaultCacheResolverFactory(Supplier<CacheManager> managers) {
    this.managers = Objects.requireNonNull(managers, "managers");
  }

  @Override
  public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
    return new NamedCacheResolver(managers, details.getCacheName());
  }

  @Override
  public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
    String name = details.getCacheAnnotation().exceptionCacheName();
    if (name.isBlank()) {
      throw new IllegalStateException("No exceptionCacheName on " + details.getMethod());
    }
    return new NamedCacheResolver(managers, name);
  }

  /** Finds (or creates) one cache by name, in whatever manager the supplier currently returns. */
  static final class NamedCacheResolver implements CacheResolver {

    private final Supplier<CacheManager> managers;
    private final String name;
    private volatile Cache<Object, Object> last;

    NamedCacheResolver(Supplier<CacheManager> managers, String name) {
      this.managers = managers;
      this.name = name;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> resolveCache(
        CacheInvocationContext<? extends Annotation> context) {
      CacheManager manager = managers.get();
      Cache<Object, Object> cache = last;
      if (cache != null && !cache.isClosed() && cache.getCacheManager() == manager) {
        return (Cache<K, V>) cache;
      }
      cache = manager.getCache(name);
      if (cache == null) {
        try {
          cache = manager.createCache(name, new MutableConfiguration<Object, Object>());
        } catch (CacheException raced) {
          // Another thread created it meanwhile.
          cache = manager.getCache(name);
          if (cache == null) {
            throw raced;
          }
        }
      }
      last = cache;
      return (Cache<K, V>) cache;
    }
  }
}
