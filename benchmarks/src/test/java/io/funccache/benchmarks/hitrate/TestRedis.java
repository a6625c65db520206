package io.funccache.benchmarks.hitrate;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Redis these tests replay on: {@code funccache.redis.url} or {@code FUNCCACHE_REDIS_URL}; else
 * 127.0.0.1:6379 when it answers; else a redis-server of this JVM's own. Tests only create caches
 * in their own namespace and destroy them: nothing is flushed.
 */
final class TestRedis {
  private static String url;

  private TestRedis() {}

  static synchronized String url() {
    if (url == null) {
      url = locate();
    }
    return url;
  }

  private static String locate() {
    String configured = System.getProperty("funccache.redis.url");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("FUNCCACHE_REDIS_URL");
    }
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    if (RedisProcess.answersPing(6379)) {
      return "redis://127.0.0.1:6379";
    }
    try {
      return RedisProcess.start().url();
    } catch (IOException e) {
      throw new UncheckedIOException("no Redis on 127.0.0.1:6379 and none could be started", e);
    }
  }
}
