package io.funccache.benchmarks.hitrate;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Turns a policy name into a cache configuration, so that policies added to funccache later are
 * replayed by name with no change here: a constant of {@link EvictionPolicy}, or else, for a policy
 * that is not one (a user-supplied one), the configuration's {@code setPolicy(String)} when it has
 * such a method.
 */
final class Policies {
  private Policies() {}

  static RedisCacheConfiguration<String, byte[]> configuration(String cacheName, String policy,
      long maxSize) {
    RedisCacheConfiguration<String, byte[]> c = new RedisCacheConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class)
        // The trace's decimal keys as UTF-8 and the values as raw bytes: no serializer in the way.
        .setKeyCodec("string").setCodec("bytes")
        .setMaxSize(maxSize);
    EvictionPolicy known = builtIn(policy);
    if (known != null) {
      return c.setPolicy(known);
    }
    try {
      Method byName = RedisCacheConfiguration.class.getMethod("setPolicy", String.class);
      byName.invoke(c, policy);
      return c;
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("cache " + cacheName + ": policy " + policy
          + " is not an EvictionPolicy (" + Arrays.toString(EvictionPolicy.values())
          + ") and RedisCacheConfiguration has no setPolicy(String) to name another", e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("cache " + cacheName + ": policy " + policy
          + " refused: " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cache " + cacheName + ": setPolicy(String) not callable", e);
    }
  }

  /** Fails early, before any replay, for a name funccache cannot take. */
  static void check(String policy) {
    configuration("hitrate (policy " + policy + ")", policy, 1);
  }

  private static EvictionPolicy builtIn(String policy) {
    for (EvictionPolicy p : EvictionPolicy.values()) {
      if (p.name().equalsIgnoreCase(policy)) {
        return p;
      }
    }
    return null;
  }
}
