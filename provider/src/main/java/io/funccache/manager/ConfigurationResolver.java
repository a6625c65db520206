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
    CacheSettings file = fileSettings(name);
    applyFileSettings(resolved, file);
    applySwitches(resolved, file, isDeclared(name));
    if (isDeclared(name)) {
      applyDeclaredTypes(name, resolved, file);
    }
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

  /**
   * The configuration a cache declared in the config file opens with (with the manager, or again
   * by {@code getCache}): the same as {@code createCache(name, new MutableConfiguration<>())}.
   */
  RedisCacheConfiguration<Object, Object> declared(String name) {
    return resolve(name, new MutableConfiguration<>());
  }

  /** Whether the config file declares this cache under {@code caches:}. */
  boolean isDeclared(String name) {
    return settings.caches().containsKey(name);
  }

  private CacheSettings fileSettings(String name) {
    CacheSettings own = settings.own(name);
    return (own == null ? CacheSettings.EMPTY : own).overlay(settings.defaults());
  }

  private static void applyFileSettings(RedisCacheConfiguration<?, ?> target,
      CacheSettings file) {
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
    if (file.expiry() != null && isDefaultExpiry(target)) {
      target.setExpiryPolicyFactory(expiryFactory(file.expiry()));
    }
  }

  /**
   * Statistics and management: on when the given configuration or the file turns them on (a
   * configuration's false cannot be told from "not asked for"). Statistics of declared caches
   * default to on, because metrics tools (Micrometer's JCacheMetrics) read them; caches created
   * in code keep the specification's default, off.
   */
  private static void applySwitches(RedisCacheConfiguration<?, ?> target, CacheSettings file,
      boolean declared) {
    boolean statistics = file.statistics() != null ? file.statistics() : declared;
    target.setStatisticsEnabled(target.isStatisticsEnabled() || statistics);
    target.setManagementEnabled(target.isManagementEnabled()
        || Boolean.TRUE.equals(file.management()));
  }

  /** The file's keyType/valueType where the given configuration leaves Object; a clash fails. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void applyDeclaredTypes(String name, RedisCacheConfiguration<?, ?> target,
      CacheSettings file) {
    Class<?> key = merge(name, "key", target.getKeyType(), file.keyType());
    Class<?> value = merge(name, "value", target.getValueType(), file.valueType());
    ((RedisCacheConfiguration) target).setTypes(key, value);
  }

  private Class<?> merge(String cache, String which, Class<?> given, String declaredName) {
    if (declaredName == null) {
      return given;
    }
    Class<?> declared = type(declaredName);
    if (given != Object.class && given != declared) {
      throw new IllegalArgumentException("Cache '" + cache + "': the configuration asks for "
          + which + " type " + given.getName() + ", but " + settings.source() + " declares "
          + declared.getName());
    }
    return declared;
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
