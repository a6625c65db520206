package io.funccache.manager;

import io.funccache.RedisCacheConfiguration;
import io.funccache.config.CacheSettings;
import io.funccache.config.ExpirySettings;
import io.funccache.config.FuncCacheSettings;
import java.util.concurrent.TimeUnit;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import javax.cache.expiry.TouchedExpiryPolicy;

/**
 * Turns what a user passed to {@code createCache}, or what a config file declares, into the one
 * {@link RedisCacheConfiguration} a cache runs with. A {@code RedisCacheConfiguration} is taken
 * as it is; any other configuration gets funccache's settings from the config file
 * ({@code caches.<name>:}, or the longest {@code caches:} pattern matching the name, over
 * {@code defaults:}).
 */
final class ConfigurationResolver {
  private final FuncCacheSettings settings;
  private final ClassLoader classLoader;

  ConfigurationResolver(FuncCacheSettings settings, ClassLoader classLoader) {
    this.settings = settings;
    this.classLoader = classLoader;
  }

  <K, V> RedisCacheConfiguration<K, V> resolve(String name, Configuration<K, V> given) {
    if (given instanceof RedisCacheConfiguration<K, V> ours) {
      return new RedisCacheConfiguration<>(ours);
    }
    RedisCacheConfiguration<K, V> resolved;
    if (given instanceof CompleteConfiguration<K, V> complete) {
      resolved = new RedisCacheConfiguration<>(complete);
    } else {
      resolved = new RedisCacheConfiguration<>();
      resolved.setTypes(given.getKeyType(), given.getValueType());
      resolved.setStoreByValue(given.isStoreByValue());
    }
    boolean givenExpiry = !isDefaultExpiry(resolved);
    applyFileSettings(resolved, fileSettings(name), false);
    if (settings.own(name) == null && isUpdateTimestampsRegion(name)) {
      keepEveryEntry(resolved, givenExpiry);
    }
    return resolved;
  }

  /**
   * Hibernate's update-timestamps region, {@code default-update-timestamps-region} (after a
   * {@code hibernate.cache.region_prefix} and a dot, if one is set). It holds one entry per
   * table: when that table was last written. Losing one (to eviction, a ttl or an expiry) makes
   * Hibernate trust cached query results older than the last write, so unless the file
   * configures this cache by name or pattern, {@code defaults:} do not bound or expire it.
   */
  static boolean isUpdateTimestampsRegion(String name) {
    return name.equals(UPDATE_TIMESTAMPS_REGION) || name.endsWith("." + UPDATE_TIMESTAMPS_REGION);
  }

  private static final String UPDATE_TIMESTAMPS_REGION = "default-update-timestamps-region";

  /**
   * Unbounded, never idle-expired, eternal entries (unless the caller's configuration chose an
   * expiry itself), and no near copy that could serve a stale one.
   */
  private static void keepEveryEntry(RedisCacheConfiguration<?, ?> target, boolean givenExpiry) {
    target.setMaxSize(0);
    target.setTtl(null);
    if (!givenExpiry) {
      target.setExpiryPolicyFactory(EternalExpiryPolicy.factoryOf());
    }
    target.setNearCacheMaxSize(0);
  }

  private static boolean isDefaultExpiry(CompleteConfiguration<?, ?> configuration) {
    return configuration.getExpiryPolicyFactory()
        .equals(new MutableConfiguration<>().getExpiryPolicyFactory());
  }

  /** The configuration of a cache declared in the config file. */
  RedisCacheConfiguration<Object, Object> declared(String name) {
    RedisCacheConfiguration<Object, Object> configuration = new RedisCacheConfiguration<>();
    applyFileSettings(configuration, fileSettings(name), true);
    return configuration;
  }

  private CacheSettings fileSettings(String name) {
    CacheSettings own = settings.own(name);
    return (own == null ? CacheSettings.EMPTY : own).overlay(settings.defaults());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void applyFileSettings(RedisCacheConfiguration<?, ?> target, CacheSettings file,
      boolean declared) {
    if (file.policy() != null) {
      target.setPolicy(file.policy());
    }
    if (file.maxSize() != null) {
      target.setMaxSize(file.maxSize());
    }
    if (file.shards() != null) {
      target.setShards(file.shards());
    }
    if (file.failOpen() != null) {
      target.setFailOpen(file.failOpen());
    }
    if (file.onDecodeFailure() != null) {
      target.setOnDecodeFailure(file.onDecodeFailure());
    }
    if (file.singleFlight() != null) {
      target.setSingleFlight(file.singleFlight());
    }
    if (file.singleFlightLease() != null) {
      target.setSingleFlightLease(file.singleFlightLease());
    }
    if (file.maxValueSize() != null) {
      target.setMaxValueSize(file.maxValueSize());
    }
    if (file.nearCacheMaxSize() != null) {
      target.setNearCacheMaxSize(file.nearCacheMaxSize());
    }
    if (file.nearCacheTtl() != null) {
      target.setNearCacheTtl(file.nearCacheTtl());
    }
    if (file.ttl() != null) {
      target.setTtl(file.ttl());
    }
    if (file.codec() != null) {
      target.setCodec(file.codec());
    }
    if (file.keyCodec() != null) {
      target.setKeyCodec(file.keyCodec());
    }
    if (file.allowedClasses() != null) {
      target.setAllowedClasses(file.allowedClasses());
    }
    boolean defaultExpiry = isDefaultExpiry(target);
    if (file.expiry() != null && (declared || defaultExpiry)) {
      target.setExpiryPolicyFactory(expiryFactory(file.expiry()));
    }
    if (declared) {
      ((RedisCacheConfiguration) target).setTypes(type(file.keyType()), type(file.valueType()));
      target.setStatisticsEnabled(Boolean.TRUE.equals(file.statistics()));
      target.setManagementEnabled(Boolean.TRUE.equals(file.management()));
    }
  }

  private Class<?> type(String name) {
    if (name == null) {
      return Object.class;
    }
    try {
      return Class.forName(name, false, classLoader);
    } catch (ClassNotFoundException e) {
      throw new io.funccache.config.ConfigException(
          "funccache config " + settings.source() + ": type " + name + " cannot be loaded", e);
    }
  }

  static Factory<? extends ExpiryPolicy> expiryFactory(ExpirySettings expiry) {
    if (expiry.kind() == ExpirySettings.Kind.ETERNAL) {
      return EternalExpiryPolicy.factoryOf();
    }
    Duration duration = new Duration(TimeUnit.MILLISECONDS, expiry.duration().toMillis());
    return switch (expiry.kind()) {
      case CREATED -> CreatedExpiryPolicy.factoryOf(duration);
      case ACCESSED -> AccessedExpiryPolicy.factoryOf(duration);
      case MODIFIED -> ModifiedExpiryPolicy.factoryOf(duration);
      case TOUCHED -> TouchedExpiryPolicy.factoryOf(duration);
      case ETERNAL -> EternalExpiryPolicy.factoryOf();
    };
  }
}
