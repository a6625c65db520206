package io.funccache.examples.micronaut;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Properties;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;

/**
 * Makes funccache's {@link CacheManager} a bean. With a {@code javax.cache.CacheManager} bean
 * present, Micronaut Cache's JCache adapter ({@code micronaut.jcache.enabled}, true by default)
 * becomes Micronaut's cache manager, and {@code @Cacheable("name")} uses funccache's cache of that
 * name.
 */
@Factory
public class FunccacheFactory {

  /**
   * The manager reads its Redis address, namespace and caches from {@code funccache.config}
   * (default {@code classpath:funccache.yaml}); {@code funccache.namespace}, when set, replaces the
   * file's namespace. Closed with the application context.
   */
  @Singleton
  @Bean(preDestroy = "close")
  CacheManager funccacheManager(
      @Value("${funccache.config:classpath:funccache.yaml}") String config,
      @Nullable @Value("${funccache.namespace:}") String namespace) {
    CachingProvider provider = Caching.getCachingProvider("io.funccache.RedisCachingProvider");
    Properties properties = new Properties();
    if (namespace != null && !namespace.isBlank()) {
      properties.setProperty("funccache.namespace", namespace);
    }
    return provider.getCacheManager(URI.create(config), getClass().getClassLoader(), properties);
  }
}
