package io.funccache.cdi.core;

import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.CacheException;

/**
 * Keeps an unavailable Redis from failing annotated methods. A cache operation that fails because
 * funccache cannot reach Redis, or Redis is too full to take the write ({@code
 * io.funccache.RedisUnavailableException} and its {@code RedisOutOfMemoryException}), counts as a miss
 * (reads) or as done (writes) when the cache is configured to fail open (funccache's
 * {@code failOpen}, on by default), so the method runs as if uncached. Any other failure, and
 * every failure of a cache that is not funccache's, propagates. funccache's circuit breaker keeps
 * such calls from waiting on timeouts and logs each state change once.
 */
final class FailOpen {
  private static final boolean FUNCCACHE = present("io.funccache.RedisUnavailableException");

  private FailOpen() {}

  static <T> T read(Cache<?, ?> cache, Supplier<T> operation) {
    try {
      return operation.get();
    } catch (CacheException e) {
      if (tolerated(cache, e)) {
        return null;
      }
      throw e;
    }
  }

  static void write(Cache<?, ?> cache, Runnable operation) {
    try {
      operation.run();
    } catch (CacheException e) {
      if (!tolerated(cache, e)) {
        throw e;
      }
    }
  }

  private static boolean tolerated(Cache<?, ?> cache, CacheException e) {
    return FUNCCACHE && Funccache.unavailable(e) && Funccache.failsOpen(cache);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, FailOpen.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** Touches funccache's classes only when they are there. */
  private static final class Funccache {
    static boolean unavailable(CacheException e) {
      return e instanceof io.funccache.RedisUnavailableException;
    }

    @SuppressWarnings("rawtypes")
    static boolean failsOpen(Cache<?, ?> cache) {
      try {
        return cache.getConfiguration(io.funccache.RedisCacheConfiguration.class).isFailOpen();
      } catch (IllegalArgumentException | IllegalStateException notOurs) {
        return false;
      }
    }
  }
}
