package io.funccache.config;

import io.funccache.store.PolicySource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param cachePatterns settings for caches whose names match a pattern ({@code *} = any
 *     characters), in file order; they declare no cache, they configure those created later
 * @param policies eviction policies of the user's own ({@code policies:}), loaded into the
 *     manager's function library
 */
public record FuncCacheSettings(
    String source,
    RedisConnectionSettings redis,
    String namespace,
    String prefix,
    CacheSettings defaults,
    Map<String, CacheSettings> caches,
    Map<String, CacheSettings> cachePatterns,
    List<PolicySource> policies) {

  public static final String DEFAULT_NAMESPACE = "default";
  public static final String DEFAULT_PREFIX = "funccache:";

  public FuncCacheSettings {
    caches = Map.copyOf(caches);
    cachePatterns = Collections.unmodifiableMap(new LinkedHashMap<>(cachePatterns));
    policies = List.copyOf(policies);
  }

  /** Settings without policies of the user's own. */
  public FuncCacheSettings(String source, RedisConnectionSettings redis, String namespace,
      String prefix, CacheSettings defaults, Map<String, CacheSettings> caches,
      Map<String, CacheSettings> cachePatterns) {
    this(source, redis, namespace, prefix, defaults, caches, cachePatterns, List.of());
  }

  /** Settings without name patterns. */
  public FuncCacheSettings(String source, RedisConnectionSettings redis, String namespace,
      String prefix, CacheSettings defaults, Map<String, CacheSettings> caches) {
    this(source, redis, namespace, prefix, defaults, caches, Map.of(), List.of());
  }

  /**
   * The {@code caches:} entry that configures the cache {@code name}: its exact name, else the
   * longest pattern matching it (the first in the file among equally long ones); null when none
   * does, and the cache runs with {@link #defaults} alone.
   */
  public CacheSettings own(String name) {
    CacheSettings exact = caches.get(name);
    if (exact != null) {
      return exact;
    }
    String best = null;
    for (String pattern : cachePatterns.keySet()) {
      if ((best == null || pattern.length() > best.length()) && CacheNamePattern.matches(pattern, name)) {
        best = pattern;
      }
    }
    return best == null ? null : cachePatterns.get(best);
  }
}
