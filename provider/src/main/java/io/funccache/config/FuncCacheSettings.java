package io.funccache.config;

import java.util.Map;

/**
 * Everything a cache manager is configured with.
 *
 * @param source where it came from (a URI or file), for messages
 * @param redis the connection
 * @param namespace separates caches of one name that must not share data; part of every key
 * @param prefix the first characters of every key
 * @param defaults settings for every cache, under each cache's own
 * @param caches caches declared by name, which exist as soon as the manager does
 */
public record FuncCacheSettings(
    String source,
    RedisConnectionSettings redis,
    String namespace,
    String prefix,
    CacheSettings defaults,
    Map<String, CacheSettings> caches) {

  public static final String DEFAULT_NAMESPACE = "default";
  public static final String DEFAULT_PREFIX = "funccache:";

  public FuncCacheSettings {
    caches = Map.copyOf(caches);
  }
}
