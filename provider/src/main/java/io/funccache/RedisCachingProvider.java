package io.funccache;

import io.funccache.manager.CacheManagers;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * funccache's JCache provider, found by {@code Caching.getCachingProvider()} through
 * {@code META-INF/services}. Managers are kept per (URI, ClassLoader) until closed.
 *
 * <p>The default URI is, in order: system property {@code funccache.redis.url}, environment
 * variable {@code FUNCCACHE_REDIS_URL}, {@code classpath:funccache.yaml} when present, and
 * {@code redis://127.0.0.1:6379}.
 */
public final class RedisCachingProvider implements CachingProvider {
  private final CacheManagers managers = new CacheManagers(this);

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI effectiveUri = uri == null ? getDefaultURI() : uri;
    ClassLoader effectiveLoader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties effectiveProperties = properties == null ? getDefaultProperties() : properties;
    return managers.getOrOpen(effectiveUri, effectiveLoader, effectiveProperties);
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    return getClass().getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return io.funccache.config.ConfigLoader.defaultUri(getDefaultClassLoader());
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    managers.closeAll();
  }

  @Override
  public void close(ClassLoader classLoader) {
    managers.close(classLoader == null ? getDefaultClassLoader() : classLoader);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    managers.close(uri == null ? getDefaultURI() : uri,
        classLoader == null ? getDefaultClassLoader() : classLoader);
  }

  @Override
  public boolean isSupported(OptionalFeature optionalFeature) {
    // Entries live in Redis, so they can only be stored by value.
    return false;
  }

  @Override
  public String toString() {
    return "RedisCachingProvider";
  }
}
