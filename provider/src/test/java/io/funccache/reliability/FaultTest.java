package io.funccache.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.funccache.RedisOutOfMemoryException;
import io.funccache.RedisUnavailableException;
import io.funccache.cache.RedisCache;
import io.funccache.testing.RedisCluster;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/** Faults injected into real redis-server processes the tests start and kill. */
class FaultTest {
  private static final int CIRCUIT_BREAKER_FAILURES = 5;
  private static final String FAST_FAIL =
      "timeout=300ms&connectTimeout=300ms&retryAttempts=1&retryInterval=100ms";

  private static CacheManager open(int port) {
    return new RedisCachingProvider().getCacheManager(
        URI.create("redis://127.0.0.1:" + port + "?" + FAST_FAIL),
        FaultTest.class.getClassLoader());
  }

  private static Cache<Integer, String> bounded(CacheManager manager, String name) {
    return manager.createCache(name, new RedisCacheConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class).setMaxSize(100));
  }

  @Test
  void aKilledAndRestartedRedisFailsFastThenRecoversWithoutARestart() throws Exception {
    RedisServer.Started server = RedisServer.start(List.of(), true);
    int port = server.port();
    CacheManager manager = open(port);
    RedisServer.Started restarted = null;
    try {
      Cache<Integer, String> cache = bounded(manager, "restart");
      for (int i = 0; i < 50; i++) {
        cache.put(i, "v" + i);
      }
      server.process().destroyForcibly().waitFor();
      long start = System.nanoTime();
      CacheException down = assertThrows(CacheException.class, () -> cache.put(1, "x"));
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "took too long");
      assertTrue(down.getMessage().contains("'restart'"), down.getMessage());

      restarted = RedisServer.startOnPort(port);
      long restartedAt = System.nanoTime();
      long recoveredAt = -1;
      while (System.nanoTime() - restartedAt < TimeUnit.SECONDS.toNanos(30)) {
        try {
          cache.put(7, "back");
          recoveredAt = System.nanoTime();
          break;
        } catch (CacheException stillDown) {
          Thread.sleep(50);
        }
      }
      assertTrue(recoveredAt > 0, "no recovery within 30 s of the restart");
      System.out.printf("redis restart: serving again %.2f s after the server was back%n",
          (recoveredAt - restartedAt) / 1e9);
      assertEquals("back", cache.get(7));
      try (RedisInspector inspector = new RedisInspector(URI.create("redis://127.0.0.1:" + port))) {
        inspector.assertInvariants(cache.unwrap(RedisCache.class).store().keys(), 100);
      }
    } finally {
      manager.close();
      server.close();
      if (restarted != null) {
        restarted.close();
      }
    }
  }

  @Test
  void flushingOurCodeUnderLoadNeverReachesTheCaller() throws Exception {
    // Two managers, one going by FCALL and one by EVALSHA (its user may not use functions), so
    // that each kind of flush takes code away from callers that use it.
    RedisServer.Started server = RedisServer.start(RedisServer.userWithoutFunctions(), true);
    CacheManager byFunctions = open(server.port());
    CacheManager byScripts = new RedisCachingProvider().getCacheManager(URI.create(
        "redis://nofn:nofn-pass@127.0.0.1:" + server.port() + "?" + FAST_FAIL),
        FaultTest.class.getClassLoader());
    try {
      List<Cache<Integer, String>> caches = List.of(bounded(byFunctions, "flushed-functions"),
          bounded(byScripts, "flushed-scripts"));
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger operations = new AtomicInteger();
      List<Throwable> failures = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Cache<Integer, String> cache = caches.get(t % 2);
        Thread thread = new Thread(() -> {
          int i = 0;
          while (running.get()) {
            try {
              cache.put(i % 200, "v");
              cache.get(i % 200);
              operations.incrementAndGet();
              i++;
            } catch (Throwable e) {
              synchronized (failures) {
                failures.add(e);
              }
              return;
            }
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (int flush = 0; flush < 20; flush++) {
        // Without functions (Redis 6.2) both managers go by EVALSHA: every flush is SCRIPT FLUSH.
        boolean functions = RedisServer.hasFunctions() && flush % 2 == 0;
        // What each flush makes the callers do again: load the library, or send a lost script.
        String stat = functions ? "cmdstat_function|load:calls=" : "cmdstat_evalsha:";
        long before = reloads(server.port(), stat, functions);
        RedisCluster.cli(server.port(), functions ? "FUNCTION" : "SCRIPT", "FLUSH");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reloads(server.port(), stat, functions) == before) {
          assertTrue(System.nanoTime() < deadline, "no caller met flush " + flush);
          Thread.sleep(5);
        }
      }
      running.set(false);
      for (Thread thread : threads) {
        thread.join(10_000);
      }
      assertEquals(List.of(), failures);
      assertTrue(operations.get() > 0);
    } finally {
      byFunctions.close();
      byScripts.close();
      server.close();
    }
  }

  /** FUNCTION LOAD calls, or EVALSHA calls that failed (NOSCRIPT), from INFO commandstats. */
  private static long reloads(int port, String stat, boolean functions) {
    String stats = RedisCluster.cli(port, "INFO", "commandstats");
    int at = stats.indexOf(stat);
    if (at < 0) {
      return 0;
    }
    String line = stats.substring(at, stats.indexOf('\n', at));
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile(functions ? "calls=(\\d+)" : "failed_calls=(\\d+)").matcher(line);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Test
  void aStalledRedisHonoursTheTimeout() throws Exception {
    RedisServer.Started server = RedisServer.start(List.of(), true);
    CacheManager manager = open(server.port());
    try {
      Cache<Integer, String> cache = bounded(manager, "stalled");
      cache.put(1, "v");
      RedisCluster.cli(server.port(), "CLIENT", "PAUSE", "5000", "ALL");
      long start = System.nanoTime();
      CacheException e = assertThrows(CacheException.class, () -> cache.get(1));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 4_000, "waited " + millis + " ms on a paused Redis");
      assertTrue(e.getMessage().contains("'stalled'"), e.getMessage());
    } finally {
      RedisCluster.cli(server.port(), "CLIENT", "UNPAUSE");
      manager.close();
      server.close();
    }
  }

  @Test
  void aFullRedisRefusesThePutClearlyAndWritesNothingHalfway() throws Exception {
    RedisServer.Started server = RedisServer.start(List.of("--maxmemory", "3mb",
        "--maxmemory-policy", "noeviction"), true);
    CacheManager manager = open(server.port());
    try {
      Cache<Integer, String> cache = manager.createCache("full",
          new RedisCacheConfiguration<Integer, String>().setTypes(Integer.class, String.class)
              .setMaxSize(0));
      String value = "x".repeat(10_000);
      CacheException refused = null;
      for (int i = 0; i < 10_000 && refused == null; i++) {
        try {
          cache.put(i, value);
        } catch (CacheException e) {
          refused = e;
        }
      }
      assertTrue(refused != null, "Redis never ran out of memory");
      assertTrue(refused.getMessage().contains("'full'")
          && refused.getMessage().toLowerCase().contains("memory"), refused.getMessage());
      try (RedisInspector inspector =
          new RedisInspector(URI.create("redis://127.0.0.1:" + server.port()))) {
        inspector.assertInvariants(cache.unwrap(RedisCache.class).store().keys(), 0);
      }
    } finally {
      manager.close();
      server.close();
    }
  }

  @Test
  void theBreakerClosesOnAnErrorReplyAndServesOnceRedisHasRoomAgain() throws Exception {
    // Redis stalls (the breaker opens), then answers but is over maxmemory (the probe gets an OOM
    // reply), then has room again: the cache must serve again without a JVM restart.
    RedisServer.Started server = RedisServer.start(List.of("--maxmemory-policy", "noeviction"), true);
    int port = server.port();
    CacheManager manager = open(port);
    try {
      Cache<Integer, String> cache = bounded(manager, "oom-after-stall");
      cache.put(1, "v");
      RedisCluster.cli(port, "CONFIG", "SET", "maxmemory", "1"); // every write is now refused
      // A pause outlasts the five timeouts that open the breaker (redis-cli cannot UNPAUSE while
      // everything is paused, so the pause simply runs out).
      long pausedAt = System.nanoTime();
      RedisCluster.cli(port, "CLIENT", "PAUSE", "8000", "ALL");
      for (int i = 0; i < 5; i++) {
        assertThrows(CacheException.class, () -> cache.get(1));
      }
      System.out.printf("breaker: 5 timeouts took %.2f s%n", (System.nanoTime() - pausedAt) / 1e9);
      long start = System.nanoTime();
      RedisUnavailableException open =
          assertThrows(RedisUnavailableException.class, () -> cache.get(1));
      assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(200),
          "an open breaker should fail at once");
      assertTrue(open.getMessage().contains("failures in a row"), open.getMessage());
      RedisCluster.cli(port, "PING"); // returns once the pause is over
      Thread.sleep(1_100); // past the breaker's pause: the next call probes
      RedisOutOfMemoryException oom =
          assertThrows(RedisOutOfMemoryException.class, () -> cache.put(2, "w"));
      assertTrue(oom.getMessage().contains("out of memory"), oom.toString());

      RedisCluster.cli(port, "CONFIG", "SET", "maxmemory", "0");
      // The OOM reply was an answer: the breaker is closed, so this call reaches Redis at once.
      cache.put(2, "w");
      assertEquals("w", cache.get(2));
      assertEquals("v", cache.get(1));
    } finally {
      manager.close();
      server.close();
    }
  }

  @Test
  void aFullRedisStillServesReadsAndRemovalsOnBothPathsAndRefusesGrowthClearly() throws Exception {
    // "nofn" may not use functions, so its calls go by EVALSHA: both forms of every operation.
    List<String> args = new ArrayList<>(List.of("--maxmemory-policy", "noeviction"));
    args.addAll(RedisServer.userWithoutFunctions());
    RedisServer.Started server = RedisServer.start(args, true);
    int port = server.port();
    try {
      for (String user : List.of("", "nofn:nofn-pass@")) {
        CacheManager manager = new RedisCachingProvider().getCacheManager(
            URI.create("redis://" + user + "127.0.0.1:" + port + "?" + FAST_FAIL),
            FaultTest.class.getClassLoader());
        String path = user.isEmpty() ? "functions" : "scripts";
        try {
          Cache<Integer, String> cache = bounded(manager, "full-" + path); // maxSize 100
          for (int i = 0; i < 100; i++) {
            cache.put(i, "v" + i);
          }
          Cache<Integer, String> other = bounded(manager, "other-" + path);
          other.put(1, "x");
          RedisCluster.cli(port, "CONFIG", "SET", "maxmemory", "1"); // Redis is now over maxmemory
          try {
            if (RedisServer.hasFunctions()) {
              // A put at capacity would evict one entry and add one: refused before it writes.
              RedisOutOfMemoryException refused =
                  assertThrows(RedisOutOfMemoryException.class, () -> cache.put(1000, "new"));
              assertTrue(refused.getMessage().contains("'full-" + path + "'")
                  && refused.getMessage().contains("out of memory"), refused.getMessage());
              assertEquals("v5", cache.get(5), path);
              assertEquals(Map.of(6, "v6", 7, "v7"), cache.getAll(Set.of(6, 7)), path);
            } else {
              // Redis 6.2 has no script flags and checks memory only at a script's first write
              // (docs/codecs-and-errors.md): a put that evicts first completes, within the
              // bound; an LRU hit's score update is a first write, so that read is refused.
              cache.put(1000, "new");
              RedisOutOfMemoryException refused =
                  assertThrows(RedisOutOfMemoryException.class, () -> cache.get(5));
              assertTrue(refused.getMessage().contains("'full-" + path + "'")
                  && refused.getMessage().contains("out of memory"), refused.getMessage());
              assertThrows(RedisOutOfMemoryException.class, () -> cache.getAll(Set.of(6, 7)));
            }
            assertTrue(cache.containsKey(8), path);
            assertTrue(cache.remove(9), path);
            try (RedisInspector inspector =
                new RedisInspector(URI.create("redis://127.0.0.1:" + port))) {
              inspector.assertInvariants(cache.unwrap(RedisCache.class).store().keys(), 100);
              assertEquals(99, inspector.snapshot(cache.unwrap(RedisCache.class).store().keys())
                  .values().size(), path + ": nothing half-written by the refused put");
            }
            cache.clear();
            assertEquals(null, cache.get(5), path);
            manager.destroyCache("other-" + path);
            // Refused writes do not open the breaker: Redis answered every one of them.
            for (int i = 0; i < CIRCUIT_BREAKER_FAILURES + 1; i++) {
              assertThrows(RedisOutOfMemoryException.class, () -> cache.put(1, "x"));
            }
          } finally {
            RedisCluster.cli(port, "CONFIG", "SET", "maxmemory", "0");
          }
          cache.put(1, "back");
          assertEquals("back", cache.get(1), path);
          manager.destroyCache("full-" + path);
        } finally {
          manager.close();
        }
      }
      String stats = RedisCluster.cli(port, "INFO", "commandstats");
      // Both forms ran; Redis 6.2 knows only one (no FCALL), which every manager uses there.
      assertEquals(RedisServer.hasFunctions(), stats.contains("cmdstat_fcall:"), stats);
      assertTrue(stats.contains("cmdstat_evalsha:"), stats);
    } finally {
      server.close();
    }
  }

  @Test
  void aKillWithOperationsInFlightOnAPersistentServerLeavesConsistentStructures() throws Exception {
    // appendfsync always: what Redis acknowledged is on disk; a script is written to the AOF
    // whole or not at all, so what survives the kill must satisfy every invariant.
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("funccache-aof");
    int port = RedisServer.freePort();
    List<String> persistent = List.of("--port", String.valueOf(port), "--dir", dir.toString(),
        "--appendonly", "yes", "--appendfsync", "always");
    RedisServer.Started server = RedisServer.start(persistent, true, port);
    RedisServer.Started restarted = null;
    CacheManager manager = open(port);
    try {
      Cache<Integer, String> cache = bounded(manager, "killed"); // maxSize 100
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger acknowledged = new AtomicInteger();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        Thread thread = new Thread(() -> {
          java.util.Random random = new java.util.Random(seed);
          while (running.get()) {
            int key = random.nextInt(300);
            try {
              switch (random.nextInt(5)) {
                case 0, 1 -> cache.put(key, "v" + key);
                case 2 -> cache.putAll(Map.of(key, "a", key + 300, "b"));
                case 3 -> cache.remove(key);
                default -> cache.get(key);
              }
              acknowledged.incrementAndGet();
            } catch (CacheException expectedOnceKilled) {
              // The kill: calls fail until the test stops the threads.
            }
          }
        });
        thread.start();
        threads.add(thread);
      }
      while (acknowledged.get() < 2_000) {
        Thread.sleep(10);
      }
      int before = acknowledged.get();
      server.process().destroyForcibly().waitFor(); // kill -9, operations in flight
      running.set(false);
      for (Thread thread : threads) {
        thread.join(30_000);
      }
      restarted = RedisServer.start(persistent, true, port);
      try (RedisInspector inspector = new RedisInspector(URI.create("redis://127.0.0.1:" + port))) {
        RedisInspector.Snapshot survived =
            inspector.assertInvariants(cache.unwrap(RedisCache.class).store().keys(), 100);
        assertTrue(!survived.values().isEmpty(), "the AOF kept the cache");
        System.out.printf("kill -9 after %d acknowledged operations: %d entries survived,"
            + " invariants hold%n", before, survived.values().size());
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try {
          cache.put(1, "after");
          break;
        } catch (CacheException notYet) {
          assertTrue(System.nanoTime() < deadline, "no recovery after the restart: " + notYet);
          Thread.sleep(100);
        }
      }
      assertEquals("after", cache.get(1));
    } finally {
      manager.close();
      server.close();
      if (restarted != null) {
        restarted.close();
      }
    }
  }
}
