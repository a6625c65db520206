package io.funccache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.management.CacheStatisticsMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Emptying a cache of 1,000,000 entries returns promptly and never stalls Redis for other
 * clients. Spring's {@code @CacheEvict(allEntries = true)} comes here: its JCache adapter's
 * {@code clear()} calls {@code Cache.removeAll()} (and {@code invalidate()} calls
 * {@code Cache.clear()}); both run one script that UNLINKs the cache's structures, whose memory
 * Redis then frees in a background thread.
 */
@ExtendWith(RedisTest.class)
class LargeClearTest {
  private static final int ENTRIES = 1_000_000;
  private static final int BATCH = 1_000;
  /**
   * Loose for a busy 2-core machine (the PINGs wait about 5 ms here), yet tight enough to catch a
   * synchronous DEL, which blocked Redis for 535 ms at this size on the same machine.
   */
  private static final long MAX_CALL_MILLIS = 1_000;
  private static final long MAX_PING_MILLIS = 300;
  /** PINGs go on this long after the call, while Redis frees the memory in the background. */
  private static final long AFTERMATH_MILLIS = 1_000;

  @Test
  void removeAllOfAMillionEntriesIsQuickAndNeverBlocksRedis(RedisTestContext redis)
      throws Exception {
    CacheManager manager = redis.newManager();
    Cache<Integer, String> cache = manager.createCache("million",
        new RedisCacheConfiguration<Integer, String>().setTypes(Integer.class, String.class)
            .setMaxSize(0).setStatisticsEnabled(true));
    long loadStart = System.nanoTime();
    Map<Integer, String> batch = new HashMap<>();
    for (int i = 0; i < ENTRIES; i++) {
      batch.put(i, "value-" + i);
      if (batch.size() == BATCH) {
        cache.putAll(batch); // small batches: no single call keeps Redis busy for long
        batch.clear();
      }
    }
    long loadMillis = millisSince(loadStart);
    CacheStatisticsMXBean statistics = cache.unwrap(RedisCache.class).statistics();
    assertEquals(ENTRIES, statistics.getCachePuts());

    Pinger idle = Pinger.start(redis.uri());
    Thread.sleep(500);
    long idleMax = idle.stop();

    Pinger pinger = Pinger.start(redis.uri());
    long start = System.nanoTime();
    cache.removeAll();
    long callNanos = System.nanoTime() - start;
    Thread.sleep(AFTERMATH_MILLIS);
    long pingMax = pinger.stop();

    System.out.printf("LargeClearTest: loaded %,d entries in %,d ms; removeAll() took %.1f ms; "
            + "another client's PING: max %.1f ms over %,d PINGs during it and the next %,d ms "
            + "(idle before: max %.1f ms)%n", ENTRIES, loadMillis, callNanos / 1e6,
        pingMax / 1e6, pinger.count(), AFTERMATH_MILLIS, idleMax / 1e6);
    assertTrue(callNanos < TimeUnit.MILLISECONDS.toNanos(MAX_CALL_MILLIS),
        "removeAll() took " + callNanos / 1e6 + " ms");
    assertTrue(pingMax < TimeUnit.MILLISECONDS.toNanos(MAX_PING_MILLIS),
        "a PING waited " + pingMax / 1e6 + " ms");
    assertTrue(pinger.count() > 10, "the pinger ran: " + pinger.count() + " PINGs");
    assertEquals(ENTRIES, statistics.getCacheRemovals(), "removeAll() counts every entry");
    assertFalse(cache.iterator().hasNext(), "empty");
    cache.put(1, "again");
    assertEquals("again", cache.get(1), "the cache works after it");
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  /** Another client: PINGs Redis back to back on a socket of its own, keeping the longest wait. */
  private static final class Pinger {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Long> maxNanos = new CompletableFuture<>();
    private volatile long count;

    static Pinger start(URI uri) throws IOException {
      Pinger pinger = new Pinger();
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379
          : uri.getPort()), 2_000);
      socket.setSoTimeout(30_000);
      Thread thread = new Thread(() -> pinger.run(socket), "large-clear-pinger");
      thread.setDaemon(true);
      thread.start();
      return pinger;
    }

    private void run(Socket socket) {
      byte[] ping = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
      byte[] reply = new byte[7]; // +PONG\r\n
      long max = 0;
      try (socket) {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        while (running.get()) {
          long start = System.nanoTime();
          out.write(ping);
          out.flush();
          if (in.readNBytes(reply, 0, reply.length) != reply.length) {
            throw new IOException("connection closed");
          }
          max = Math.max(max, System.nanoTime() - start);
          count++;
        }
        maxNanos.complete(max);
      } catch (IOException | RuntimeException e) {
        maxNanos.completeExceptionally(e);
      }
    }

    /** Stops PINGing; the longest wait for a PONG, in nanoseconds. */
    long stop() throws Exception {
      running.set(false);
      return maxNanos.get(30, TimeUnit.SECONDS);
    }

    long count() {
      return count;
    }
  }
}
