package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCachingProvider;
import io.funccache.RedisCacheConfiguration;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisCluster;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;

/**
 * Every script call does a bounded amount of work: a batch of any size is sent as calls of at most
 * {@link CacheStore#IDS_PER_CALL} ids, and an insert into a cache far over its bound evicts a
 * bounded number of entries per call, the rest over later calls.
 */
class BoundedWorkTest {
  /** Far above one call's work (a few ms), far below one call over a million keys (seconds). */
  private static final int COMMAND_BOUND_MILLIS = 250;

  @Test
  void anInsertIntoACacheFarOverItsBoundEvictsABoundedNumberPerCall() {
    CacheKeys keys = CacheKeys.of("funccache:", "bounded-" + UUID.randomUUID(), "c");
    MutableClock clock = new MutableClock(5_000_000);
    try (RedisInspector redis = new RedisInspector(RedisServer.uri())) {
      ScriptRunner runner = new ScriptRunner(redis.client(), "test");
      CacheStore roomy = new CacheStore("c", keys, runner, EvictionPolicy.LRU, 10_000, 0, clock, "a");
      try {
        List<byte[]> ids = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
          ids.add(("k" + i).getBytes(StandardCharsets.UTF_8));
          values.add(new byte[] {'v'});
        }
        roomy.putAll(ids, values, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP, false);
        // Another JVM's configuration says maxSize 10, and it writes without binding first.
        CacheStore small = new CacheStore("c", keys, runner, EvictionPolicy.LRU, 10, 0, clock, "b");
        int calls = 0;
        int evicted;
        do {
          evicted = small.put(PutMode.PUT, ("n" + calls).getBytes(StandardCharsets.UTF_8),
              new byte[] {'n'}, null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP, ExpiryCodes.KEEP,
              false).evicted();
          assertTrue(evicted <= 64, evicted + " evictions in one call");
          calls++;
        } while (evicted > 1 && calls < 1_000);
        assertTrue(calls > 50, "the excess went in " + calls + " calls");
        assertEquals(10, redis.assertInvariants(keys, 10).values().size(), "back to the bound");
      } finally {
        roomy.destroy();
      }
    }
  }

  @Test
  void aBatchOfAMillionKeysNeverHoldsRedisForLong() throws Exception {
    // A server of the test's own, whose latency monitor records every command over the bound.
    RedisServer.Started server = RedisServer.start(
        List.of("--latency-monitor-threshold", String.valueOf(COMMAND_BOUND_MILLIS)), true);
    URI uri = URI.create("redis://127.0.0.1:" + server.port());
    CacheManager manager = new RedisCachingProvider().getCacheManager(uri,
        BoundedWorkTest.class.getClassLoader());
    try (PingProbe ping = new PingProbe(uri)) {
      Cache<Integer, Integer> cache = manager.createCache("million",
          new RedisCacheConfiguration<Integer, Integer>().setTypes(Integer.class, Integer.class)
              .setMaxSize(2_000_000));
      Map<Integer, Integer> batch = new HashMap<>();
      for (int i = 0; i < 1_000_000; i++) {
        batch.put(i, i);
      }
      Set<Integer> keys = new HashSet<>(batch.keySet());
      long start = System.nanoTime();
      cache.putAll(batch);
      long putAll = System.nanoTime() - start;
      start = System.nanoTime();
      Map<Integer, Integer> read = cache.getAll(keys);
      long getAll = System.nanoTime() - start;
      assertEquals(1_000_000, read.size());
      assertEquals(Integer.valueOf(777_777), read.get(777_777));
      start = System.nanoTime();
      cache.removeAll(keys);
      long removeAll = System.nanoTime() - start;
      assertEquals(null, cache.get(777_777));
      long worstPing = ping.stop();
      String latency = RedisCluster.cli(server.port(), "LATENCY", "LATEST");
      System.out.printf("1,000,000 keys: putAll %.1f s, getAll %.1f s, removeAll %.1f s; another"
          + " client's PING: %d answered, worst %.1f ms; Redis's commands over %d ms: [%s]%n",
          putAll / 1e9, getAll / 1e9, removeAll / 1e9, ping.answered(), worstPing / 1e6,
          COMMAND_BOUND_MILLIS, latency.trim().replace('\n', ' '));
      assertTrue(ping.answered() > 10, "the probe ran");
      // Redis's own measure is the verdict (the client's PING also waits for this busy machine).
      assertTrue(!latency.contains("command"), "a command held Redis too long: " + latency);
      assertTrue(worstPing < TimeUnit.SECONDS.toNanos(2),
          "another client waited " + worstPing / 1_000_000 + " ms for a PING");
    } finally {
      manager.close();
      server.close();
    }
  }

  /** Another client's PING, sent again and again on its own connection; the worst wait kept. */
  private static final class PingProbe implements AutoCloseable {
    private final Socket socket;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong worst = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final Thread thread;

    PingProbe(URI uri) throws IOException {
      socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
      socket.setSoTimeout(30_000);
      thread = new Thread(this::run, "ping-probe");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      try {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        byte[] reply = new byte[7];
        while (running.get()) {
          long start = System.nanoTime();
          out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          if (in.readNBytes(reply, 0, 7) != 7) {
            return;
          }
          worst.accumulateAndGet(System.nanoTime() - start, Math::max);
          answered.incrementAndGet();
          Thread.sleep(2);
        }
      } catch (IOException | InterruptedException e) {
        worst.set(Long.MAX_VALUE);
      }
    }

    long answered() {
      return answered.get();
    }

    long stop() throws InterruptedException {
      running.set(false);
      thread.join(30_000);
      return worst.get();
    }

    @Override
    public void close() throws IOException {
      running.set(false);
      socket.close();
    }
  }
}
