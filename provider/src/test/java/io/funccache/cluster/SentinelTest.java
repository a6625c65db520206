package io.funccache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCachingProvider;
import io.funccache.testing.RedisSentinels;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A master found through three sentinels, and a failover to its replica. */
class SentinelTest {
  private static RedisSentinels sentinels;

  @BeforeAll
  static void start() {
    sentinels = RedisSentinels.start();
  }

  @AfterAll
  static void stop() {
    if (sentinels != null) {
      sentinels.close();
    }
  }

  @Test
  void cachesFollowTheMasterThroughAFailover() throws Exception {
    CacheManager manager = new RedisCachingProvider().getCacheManager(
        sentinels.uri("timeout=500ms&retryAttempts=2&retryInterval=200ms"),
        getClass().getClassLoader());
    try {
      Cache<String, String> cache = manager.createCache("sentinel", new MutableConfiguration<>());
      cache.put("before", "1");
      assertEquals("1", cache.get("before"));

      sentinels.awaitReplication();
      sentinels.killMaster();
      long killedAt = System.nanoTime();
      long recovered = -1;
      int failures = 0;
      for (int i = 0; System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(60); i++) {
        long start = System.nanoTime();
        try {
          cache.put("after-" + i, "v");
          if (failures > 0) {
            recovered = System.nanoTime();
            break;
          }
        } catch (CacheException e) {
          assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10),
              "an operation hung: " + e.getMessage());
          failures++;
        }
      }
      assertTrue(failures > 0, "killing the master caused no failure");
      assertTrue(recovered > 0, "no recovery within 60 s");
      // The sentinel asked may learn of the failover after the client did (sentinels gossip it
      // to each other): give it the few seconds of a hello round.
      long askedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sentinels.currentMasterPort() == sentinels.masterPort()
          && System.nanoTime() < askedUntil) {
        Thread.sleep(100);
      }
      assertNotEquals(sentinels.masterPort(), sentinels.currentMasterPort());
      System.out.printf("sentinel failover: %d failed operations, outage %.1f s%n", failures,
          (recovered - killedAt) / 1e9);
      assertEquals("1", cache.get("before"), "the replica had the data");
      manager.destroyCache("sentinel");
    } finally {
      manager.close();
    }
  }
}
