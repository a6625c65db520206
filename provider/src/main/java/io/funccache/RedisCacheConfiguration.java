package io.funccache;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * A JCache configuration with funccache's own settings: eviction policy, size bound, whole-cache
 * ttl, codec and its allow-list.
 *
 * <p>Passed to {@code createCache}, it is the whole configuration of the cache: its funccache
 * settings win over the config file's. A plain {@link MutableConfiguration} takes them from the
 * config file ({@code caches.<name>:}, then {@code defaults:}), then from the defaults below.
 */
public class RedisCacheConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  public static final EvictionPolicy DEFAULT_POLICY = EvictionPolicy.LRU;
  public static final long DEFAULT_MAX_SIZE = 10_000;
  public static final Duration DEFAULT_NEAR_CACHE_TTL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_SINGLE_FLIGHT_LEASE = Duration.ofSeconds(30);
  public static final OnDecodeFailure DEFAULT_ON_DECODE_FAILURE = OnDecodeFailure.MISS;

  /** A built-in policy's name, or the name of one of the manager's own (policies: in YAML). */
  private String policy = DEFAULT_POLICY.name();
  private long maxSize = DEFAULT_MAX_SIZE;
  private Duration ttl;
  private String codec;
  private String keyCodec;
  private List<String> allowedClasses = List.of();
  private int shards = 1;
  private long nearCacheMaxSize;
  private int maxValueSize;
  private boolean singleFlight;
  private boolean failOpen = true;
  private OnDecodeFailure onDecodeFailure = DEFAULT_ON_DECODE_FAILURE;
  private Duration singleFlightLease = DEFAULT_SINGLE_FLIGHT_LEASE;
  private Duration nearCacheTtl = DEFAULT_NEAR_CACHE_TTL;
  private transient InstantSource clock;

  public RedisCacheConfiguration() {}

  /** A copy of any JCache configuration; funccache settings are copied when it has them. */
  public RedisCacheConfiguration(CompleteConfiguration<K, V> other) {
    super(other);
    if (other instanceof RedisCacheConfiguration<K, V> ours) {
      this.policy = ours.policy;
      this.maxSize = ours.maxSize;
      this.ttl = ours.ttl;
      this.codec = ours.codec;
      this.keyCodec = ours.keyCodec;
      this.allowedClasses = ours.allowedClasses;
      this.shards = ours.shards;
      this.nearCacheMaxSize = ours.nearCacheMaxSize;
      this.maxValueSize = ours.maxValueSize;
      this.singleFlight = ours.singleFlight;
      this.failOpen = ours.failOpen;
      this.onDecodeFailure = ours.onDecodeFailure;
      this.singleFlightLease = ours.singleFlightLease;
      this.nearCacheTtl = ours.nearCacheTtl;
      this.clock = ours.clock;
    }
  }

  /** The built-in policy, or null when the cache runs one of the manager's own ({@link #getPolicyName()}). */
  public EvictionPolicy getPolicy() {
    for (EvictionPolicy builtIn : EvictionPolicy.values()) {
      if (builtIn.name().equals(policy)) {
        return builtIn;
      }
    }
    return null;
  }

  /** The policy's name: a built-in's, or one of the manager's own policies. */
  public String getPolicyName() {
    return policy;
  }

  public RedisCacheConfiguration<K, V> setPolicy(EvictionPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy").name();
    return this;
  }

  /**
   * A policy by name: a built-in's ({@link EvictionPolicy}) or one the manager loads from its
   * config file ({@code policies:}); a cache created with a name the manager does not know fails
   * with {@link IllegalArgumentException}.
   */
  public RedisCacheConfiguration<K, V> setPolicy(String policy) {
    Objects.requireNonNull(policy, "policy");
    String name = policy.trim().toUpperCase(java.util.Locale.ROOT);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("funccache: a policy name is empty");
    }
    this.policy = name;
    return this;
  }

  /** The most entries the cache holds; 0 means unbounded. */
  public long getMaxSize() {
    return maxSize;
  }

  public RedisCacheConfiguration<K, V> setMaxSize(long maxSize) {
    if (maxSize < 0) {
      throw new IllegalArgumentException("maxSize must be >= 0 (0 = unbounded), was " + maxSize);
    }
    this.maxSize = maxSize;
    return this;
  }

  /**
   * The whole cache's idle lifetime: when no hit or write has touched the cache for this long,
   * Redis drops all of it. Null (the default) means never.
   */
  public Duration getTtl() {
    return ttl;
  }

  public RedisCacheConfiguration<K, V> setTtl(Duration ttl) {
    if (ttl != null && (ttl.isNegative() || ttl.isZero() || ttl.toMillis() == 0)) {
      throw new IllegalArgumentException("ttl must be at least 1 ms, or null for none, was " + ttl);
    }
    this.ttl = ttl;
    return this;
  }

  /** The values' codec: {@code java}, {@code json}, {@code string}, {@code bytes} or a class name; null = java. */
  public String getCodec() {
    return codec;
  }

  public RedisCacheConfiguration<K, V> setCodec(String codec) {
    this.codec = codec;
    return this;
  }

  /**
   * The keys' codec, the same choices as {@link #getCodec()}; null = java, whose encodings of
   * strings and numbers are compact and canonical.
   */
  public String getKeyCodec() {
    return keyCodec;
  }

  public RedisCacheConfiguration<K, V> setKeyCodec(String keyCodec) {
    this.keyCodec = keyCodec;
    return this;
  }

  /** Class-name patterns the codec may instantiate from Redis bytes beyond the JDK's value types. */
  public List<String> getAllowedClasses() {
    return allowedClasses;
  }

  public RedisCacheConfiguration<K, V> setAllowedClasses(List<String> allowedClasses) {
    this.allowedClasses = List.copyOf(allowedClasses);
    return this;
  }

  /**
   * How many sub-caches, each with its own hash tag, hold this cache; on a cluster they spread
   * over the masters. maxSize is split between them, so the policy is exact per shard and
   * approximate over the whole cache. Default 1.
   */
  public int getShards() {
    return shards;
  }

  public RedisCacheConfiguration<K, V> setShards(int shards) {
    if (shards < 1 || shards > 1024) {
      throw new IllegalArgumentException("shards must be between 1 and 1024, was " + shards);
    }
    this.shards = shards;
    return this;
  }

  /**
   * Entries this JVM keeps locally (a near cache); 0, the default, means none. Near hits never
   * leave the JVM. Writes anywhere invalidate near entries (other JVMs' writes over pub/sub); an
   * entry is kept at most {@link #getNearCacheTtl()}, which bounds staleness should an
   * invalidation be lost, and never past its expiry deadline in Redis.
   */
  public long getNearCacheMaxSize() {
    return nearCacheMaxSize;
  }

  public RedisCacheConfiguration<K, V> setNearCacheMaxSize(long nearCacheMaxSize) {
    if (nearCacheMaxSize < 0) {
      throw new IllegalArgumentException("nearCacheMaxSize must be >= 0, was " + nearCacheMaxSize);
    }
    this.nearCacheMaxSize = nearCacheMaxSize;
    return this;
  }

  /** How long a near entry may be served without Redis: the staleness bound. Default 10 s. */
  public Duration getNearCacheTtl() {
    return nearCacheTtl;
  }

  public RedisCacheConfiguration<K, V> setNearCacheTtl(Duration nearCacheTtl) {
    if (nearCacheTtl == null || nearCacheTtl.toMillis() < 1) {
      throw new IllegalArgumentException("nearCacheTtl must be at least 1 ms, was " + nearCacheTtl);
    }
    this.nearCacheTtl = nearCacheTtl;
    return this;
  }

  /**
   * The largest encoded value, in bytes, the cache accepts; a larger one is refused before
   * anything is sent to Redis. 0, the default, means no limit of ours (Redis allows 512 MB).
   */
  public int getMaxValueSize() {
    return maxValueSize;
  }

  public RedisCacheConfiguration<K, V> setMaxValueSize(int maxValueSize) {
    if (maxValueSize < 0) {
      throw new IllegalArgumentException("maxValueSize must be >= 0 (0 = no limit), was "
          + maxValueSize);
    }
    this.maxValueSize = maxValueSize;
    return this;
  }

  /**
   * Stampede protection: concurrent misses on one key, in any thread of any JVM, load (or
   * compute, see {@code RedisCache.getOrCompute}) the value once while the others wait for it.
   * The computing client holds a lease of {@link #getSingleFlightLease()}; if it dies, the lease
   * lapses and another client takes over, so nobody waits forever. Off by default.
   */
  public boolean isSingleFlight() {
    return singleFlight;
  }

  public RedisCacheConfiguration<K, V> setSingleFlight(boolean singleFlight) {
    this.singleFlight = singleFlight;
    return this;
  }

  /**
   * For annotated methods ({@code @CacheResult} and friends, through funccache-cdi): when Redis is
   * unavailable, run the method as if the cache were empty instead of failing the call. On by
   * default: a cache exists to make a method faster, not to take it down. Direct {@code Cache}
   * calls always report the failure.
   */
  public boolean isFailOpen() {
    return failOpen;
  }

  public RedisCacheConfiguration<K, V> setFailOpen(boolean failOpen) {
    this.failOpen = failOpen;
    return this;
  }

  /**
   * What a read does with bytes in Redis it cannot decode (see {@link OnDecodeFailure}): treat
   * them as a miss and drop them ({@code MISS}, the default) or fail ({@code THROW}).
   */
  public OnDecodeFailure getOnDecodeFailure() {
    return onDecodeFailure;
  }

  public RedisCacheConfiguration<K, V> setOnDecodeFailure(OnDecodeFailure onDecodeFailure) {
    this.onDecodeFailure = Objects.requireNonNull(onDecodeFailure, "onDecodeFailure");
    return this;
  }

  /**
   * How long a computing client may hold a key before others take over. Default 30 s. Also the
   * lease that {@code invoke} takes on a missing entry (with or without single flight).
   */
  public Duration getSingleFlightLease() {
    return singleFlightLease;
  }

  public RedisCacheConfiguration<K, V> setSingleFlightLease(Duration lease) {
    if (lease == null || lease.toMillis() < 1) {
      throw new IllegalArgumentException("singleFlightLease must be at least 1 ms, was " + lease);
    }
    this.singleFlightLease = lease;
    return this;
  }

  /**
   * A clock for tests: null (the default) or the system clock means Redis's own clock decides
   * expiry, leases and LRU_T scores; another clock is anchored to Redis's time when first used
   * and then moves exactly as far as it moves (the near cache's staleness bound reads it too).
   */
  public InstantSource getClock() {
    return clock;
  }

  public RedisCacheConfiguration<K, V> setClock(InstantSource clock) {
    this.clock = clock;
    return this;
  }

  @Override
  public RedisCacheConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
    super.setTypes(keyType, valueType);
    return this;
  }

  @Override
  public RedisCacheConfiguration<K, V> setExpiryPolicyFactory(
      Factory<? extends ExpiryPolicy> factory) {
    super.setExpiryPolicyFactory(factory);
    return this;
  }

  @Override
  public RedisCacheConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
    super.setStatisticsEnabled(enabled);
    return this;
  }

  @Override
  public RedisCacheConfiguration<K, V> setManagementEnabled(boolean enabled) {
    super.setManagementEnabled(enabled);
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedisCacheConfiguration<?, ?> other
        && super.equals(o)
        && policy.equals(other.policy)
        && maxSize == other.maxSize
        && Objects.equals(ttl, other.ttl)
        && Objects.equals(codec, other.codec)
        && Objects.equals(keyCodec, other.keyCodec)
        && allowedClasses.equals(other.allowedClasses)
        && shards == other.shards
        && nearCacheMaxSize == other.nearCacheMaxSize
        && maxValueSize == other.maxValueSize
        && singleFlight == other.singleFlight
        && failOpen == other.failOpen
        && onDecodeFailure == other.onDecodeFailure
        && singleFlightLease.equals(other.singleFlightLease)
        && nearCacheTtl.equals(other.nearCacheTtl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), policy, maxSize, ttl, codec, keyCodec, allowedClasses,
        shards, nearCacheMaxSize, nearCacheTtl, maxValueSize, singleFlight, singleFlightLease, failOpen,
        onDecodeFailure);
  }

  @Override
  public String toString() {
    return "RedisCacheConfiguration[policy=" + policy + ", maxSize=" + maxSize + ", shards="
        + shards + ", ttl=" + ttl
        + ", codec=" + (codec == null ? "java" : codec)
        + ", keyCodec=" + (keyCodec == null ? "java" : keyCodec) + ", keyType=" + getKeyType().getName()
        + ", valueType=" + getValueType().getName() + "]";
  }
}
