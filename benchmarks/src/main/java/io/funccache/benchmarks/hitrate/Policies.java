package io.funccache.benchmarks.hitrate;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import java.util.Arrays;

/**
 * Turns a policy name into a cache configuration: a constant of {@link EvictionPolicy}, so that
 * policies added to funccache later are replayed by name with no change here. The benchmark's
 * manager declares no policies of its own, so any other name is refused before any replay.
 */
final class Policies {
  private Policies() {}

  static RedisCacheConfiguration<String, byte[]> configuration(String cacheName, String policy,
      long maxSize) {
    EvictionPolicy known = builtIn(policy);
    if (known == null) {
      throw new IllegalArgumentException("cache " + cacheName + ": policy " + policy
          + " is not a built-in policy " + Arrays.toString(EvictionPolicy.values()));
    }
    return new RedisCacheConfiguration<String, byte[]>()
        .setTypes(String.class, byte[].class)
        // The trace's decimal keys as UTF-8 and the values as raw bytes: no serializer in the way.
        .setKeyCodec("string").setCodec("bytes")
        .setMaxSize(maxSize).setPolicy(known);
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
