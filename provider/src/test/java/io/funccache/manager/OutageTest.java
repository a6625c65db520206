package io.funccache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCachingProvider;
import io.funccache.testing.RedisServer;
import java.net.URI;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;

/** A Redis that dies under an open manager: operations fail with CacheException, not a hang. */
class OutageTest {

  @Test
  void operationsFailFastNamingTheServerWhenRedisDies() throws Exception {
    RedisServer.Started server = RedisServer.start(List.of(), true);
    URI uri = URI.create("redis://127.0.0.1:" + server.port()
        + "?timeout=300ms&connectTimeout=300ms&retryAttempts=1&retryInterval=100ms");
    CacheManager manager = new RedisCachingProvider().getCacheManager(uri,
        getClass().getClassLoader());
    try {
      Cache<String, String> cache = manager.createCache("outage", new MutableConfiguration<>());
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      server.process().destroyForcibly().waitFor();
      long start = System.nanoTime();
      CacheException e = assertThrows(CacheException.class, () -> cache.get("k"));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(e.getMessage().contains("'outage'")
          && e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
      assertTrue(millis < 15_000, "failed only after " + millis + " ms");
    } finally {
      server.close();
      manager.close();
    }
  }
}
