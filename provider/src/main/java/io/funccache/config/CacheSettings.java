package io.funccache.config;

import io.funccache.EvictionPolicy;
import io.funccache.OnDecodeFailure;
import java.time.Duration;
import java.util.List;

/**
 * One cache's settings from a config file ({@code defaults:} or {@code caches.<name>:}). A null field
 * is "not set": {@link #overlay} fills it from another level.
 *
 * @param policy eviction policy: a built-in's name ({@link EvictionPolicy}) or one of the file's
 *     own ({@code policies:})
 * @param maxSize entry bound; 0 means unbounded
 * @param shards sub-caches with hash tags of their own
 * @param nearCacheMaxSize entries kept in each JVM's near cache; 0 = none
 * @param nearCacheTtl the near cache's staleness bound
 * @param maxValueSize the largest encoded value accepted, in bytes; 0 = no limit
 * @param singleFlight stampede protection on
 * @param singleFlightLease how long a computing client holds a key
 * @param failOpen annotated methods run uncached while Redis is unavailable
 * @param ttl the whole cache's idle lifetime (refreshed by hits and writes), or null for none
 * @param expiry per-entry JCache expiry
 * @param codec the values' codec: {@code java}, {@code json}, {@code string}, {@code bytes} or a class name
 * @param keyCodec the keys' codec, the same choices
 * @param allowedClasses class-name patterns the codec may instantiate
 * @param keyType key type name, checked by {@code getCache(name, K, V)}
 * @param valueType value type name
 * @param statistics statistics enabled
 * @param management management enabled
 * @param onDecodeFailure what a read does with bytes it cannot decode
 */
public record CacheSettings(
    String policy,
    Long maxSize,
    Integer shards,
    Long nearCacheMaxSize,
    Duration nearCacheTtl,
    Integer maxValueSize,
    Boolean singleFlight,
    Duration singleFlightLease,
    Boolean failOpen,
    Duration ttl,
    ExpirySettings expiry,
    String codec,
    String keyCodec,
    List<String> allowedClasses,
    String keyType,
    String valueType,
    Boolean statistics,
    Boolean management,
    OnDecodeFailure onDecodeFailure) {

  public static final CacheSettings EMPTY =
      new CacheSettings(null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null);

  /** These settings, with every unset field taken from {@code fallback}. */
  public CacheSettings overlay(CacheSettings fallback) {
    return new CacheSettings(
        policy != null ? policy : fallback.policy,
        maxSize != null ? maxSize : fallback.maxSize,
        shards != null ? shards : fallback.shards,
        nearCacheMaxSize != null ? nearCacheMaxSize : fallback.nearCacheMaxSize,
        nearCacheTtl != null ? nearCacheTtl : fallback.nearCacheTtl,
        maxValueSize != null ? maxValueSize : fallback.maxValueSize,
        singleFlight != null ? singleFlight : fallback.singleFlight,
        singleFlightLease != null ? singleFlightLease : fallback.singleFlightLease,
        failOpen != null ? failOpen : fallback.failOpen,
        ttl != null ? ttl : fallback.ttl,
        expiry != null ? expiry : fallback.expiry,
        codec != null ? codec : fallback.codec,
        keyCodec != null ? keyCodec : fallback.keyCodec,
        allowedClasses != null ? allowedClasses : fallback.allowedClasses,
        keyType != null ? keyType : fallback.keyType,
        valueType != null ? valueType : fallback.valueType,
        statistics != null ? statistics : fallback.statistics,
        management != null ? management : fallback.management,
        onDecodeFailure != null ? onDecodeFailure : fallback.onDecodeFailure);
  }
}
