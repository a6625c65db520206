package io.funccache.examples.hibernate;

import org.hibernate.cfg.Configuration;

/** The Hibernate settings that keep the second-level cache in Redis through funccache. */
public final class SecondLevelCache {
  private SecondLevelCache() {}

  /**
   * Turns on the second-level and query caches on funccache. Nothing funccache-specific is set
   * beyond the provider's name: entity, collection, natural-id and query regions get the
   * provider's defaults, and funccache keeps the update-timestamps region unbounded on its own.
   */
  public static Configuration onFuncCache(Configuration configuration) {
    return configuration
        .setProperty("hibernate.cache.region.factory_class", "jcache")
        .setProperty("hibernate.javax.cache.provider", "io.funccache.RedisCachingProvider")
        .setProperty("hibernate.cache.use_second_level_cache", "true")
        .setProperty("hibernate.cache.use_query_cache", "true");
  }
}
