package io.funccache.processor;

import static io.funccache.testing.Uninterrupted.sleep;
import static io.funccache.testing.Uninterrupted.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.RedisCache;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.integration.CacheLoader;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * invoke on a missing entry runs one processor at a time, across threads and managers (each
 * manager its own Redis client, as two JVMs): a loader-style processor computes once.
 */
@ExtendWith(RedisTest.class)
class InvokeOnMissingEntryTest {
  private static final int MANAGERS = 2;
  private static final int THREADS_PER_MANAGER = 16;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
  }

  private static RedisCache<String, String> cache(RedisTestContext redis, Duration lease) {
    return redis.newManager().createCache("compute-once",
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setStatisticsEnabled(true).setSingleFlightLease(lease))
        .unwrap(RedisCache.class);
  }

  private static List<RedisCache<String, String>> caches(RedisTestContext redis, Duration lease) {
    List<RedisCache<String, String>> caches = new ArrayList<>();
    for (int m = 0; m < MANAGERS; m++) {
      caches.add(cache(redis, lease));
    }
    return caches;
  }

  /** What Spring's @Cacheable(sync = true) sends: the value if present, else computed and set. */
  private static EntryProcessor<String, String, String> loader(AtomicInteger runs,
      AtomicInteger concurrent, AtomicInteger maxConcurrent, long millis, String value) {
    return (entry, args) -> {
      if (entry.exists()) {
        return entry.getValue();
      }
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try {
        runs.incrementAndGet();
        sleep(millis);
        entry.setValue(value);
        return value;
      } finally {
        concurrent.decrementAndGet();
      }
    };
  }

  private long leasesLeft(RedisTestContext redis, RedisCache<?, ?> cache) {
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      return inspector.client().getMap(cache.store().keys().leases(), ByteArrayCodec.INSTANCE)
          .size();
    }
  }

  @Test
  void twoManagersTimesSixteenThreadsRunALoaderProcessorOnce(RedisTestContext redis)
      throws Exception {
    List<RedisCache<String, String>> caches = caches(redis, Duration.ofSeconds(30));
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    EntryProcessor<String, String, String> processor =
        loader(runs, concurrent, maxConcurrent, 300, "computed");
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int t = 0; t < MANAGERS * THREADS_PER_MANAGER; t++) {
      RedisCache<String, String> cache = caches.get(t % MANAGERS);
      results.add(pool.submit(() -> {
        start.await();
        return cache.invoke("hot", processor);
      }));
    }
    long started = System.nanoTime();
    start.countDown();
    for (Future<String> result : results) {
      assertEquals("computed", result.get(30, TimeUnit.SECONDS));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf("invoke on a missing key: %d callers, %d runs of the 300 ms processor,"
        + " all answered after %d ms%n", results.size(), runs.get(), millis);
    assertEquals(1, runs.get(), "the 300 ms processor ran " + runs.get() + " times");
    long misses = 0;
    long hits = 0;
    for (RedisCache<String, String> cache : caches) {
      misses += cache.statistics().getCacheMisses();
      hits += cache.statistics().getCacheHits();
    }
    assertEquals(1, misses, "one caller found the entry missing");
    assertEquals(MANAGERS * THREADS_PER_MANAGER - 1, hits, "everyone else found it there");
    assertEquals(0, leasesLeft(redis, caches.get(0)), "the write ended the lease");
  }

  @Test
  void aProcessorThatThrowsFailsOnlyItsCallerAndTheNextOneComputes(RedisTestContext redis)
      throws Exception {
    List<RedisCache<String, String>> caches = caches(redis, Duration.ofSeconds(30));
    AtomicInteger runs = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("boom");
    EntryProcessor<String, String, String> processor = (entry, args) -> {
      if (entry.exists()) {
        return entry.getValue();
      }
      int run = runs.incrementAndGet();
      sleep(300);
      if (run == 1) {
        entry.setValue("must not be stored");
        throw boom;
      }
      entry.setValue("second try");
      return "second try";
    };
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int t = 0; t < 2 * MANAGERS * 4; t++) {
      RedisCache<String, String> cache = caches.get(t % MANAGERS);
      results.add(pool.submit(() -> {
        start.await();
        return cache.invoke("k", processor);
      }));
    }
    start.countDown();
    int failed = 0;
    for (Future<String> result : results) {
      try {
        assertEquals("second try", result.get(30, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        failed++;
        EntryProcessorException wrapped =
            assertInstanceOf(EntryProcessorException.class, e.getCause());
        assertSame(boom, wrapped.getCause());
      }
    }
    assertEquals(1, failed, "only the caller whose processor threw sees the exception");
    assertEquals(2, runs.get(), "the thrower, then one more computation");
    assertEquals("second try", caches.get(1).get("k"));
    assertEquals(0, leasesLeft(redis, caches.get(0)));
  }

  @Test
  void whenEveryProcessorThrowsEachCallerGetsItsOwnAndNothingIsCached(RedisTestContext redis)
      throws Exception {
    List<RedisCache<String, String>> caches = caches(redis, Duration.ofSeconds(30));
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    EntryProcessor<String, String, String> processor = (entry, args) -> {
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try {
        int run = runs.incrementAndGet();
        sleep(30);
        entry.setValue("never");
        throw new IllegalStateException("failure " + run);
      } finally {
        concurrent.decrementAndGet();
      }
    };
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    for (int t = 0; t < MANAGERS * 4; t++) {
      RedisCache<String, String> cache = caches.get(t % MANAGERS);
      results.add(pool.submit(() -> {
        start.await();
        return cache.invoke("k", processor);
      }));
    }
    start.countDown();
    Set<String> messages = new LinkedHashSet<>();
    for (Future<String> result : results) {
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class, () -> result.get(30, TimeUnit.SECONDS));
      messages.add(assertInstanceOf(EntryProcessorException.class, e.getCause()).getCause()
          .getMessage());
    }
    assertEquals(results.size(), messages.size(), "each caller got its own processor's failure");
    assertEquals(results.size(), runs.get());
    assertEquals(1, maxConcurrent.get(), "processors on the missing entry ran one at a time");
    assertFalse(caches.get(0).containsKey("k"));
    assertEquals(0, leasesLeft(redis, caches.get(0)));
  }

  @Test
  void aStuckHolderDelaysTheOthersByAboutOneLease(RedisTestContext redis) throws Exception {
    Duration lease = Duration.ofMillis(1_000);
    RedisCache<String, String> stuck = cache(redis, lease);
    RedisCache<String, String> others = cache(redis, lease);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    long started = System.nanoTime();
    // Holds the lease and never finishes in time, as a client killed mid-computation would.
    Future<String> stuckCall = pool.submit(() -> stuck.invoke("k", (entry, args) -> {
      if (entry.exists()) {
        return "saw " + entry.getValue();
      }
      holding.countDown();
      await(letGo);
      entry.setValue("from the stuck client");
      return "stuck";
    }));
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    AtomicInteger runs = new AtomicInteger();
    EntryProcessor<String, String, String> processor =
        loader(runs, new AtomicInteger(), new AtomicInteger(), 50, "recovered");
    List<Future<String>> waiting = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      waiting.add(pool.submit(() -> others.invoke("k", processor)));
    }
    Thread.sleep(300);
    assertTrue(waiting.stream().noneMatch(Future::isDone), "a caller did not wait for the lease");
    for (Future<String> result : waiting) {
      assertEquals("recovered", result.get(30, TimeUnit.SECONDS));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf("a stuck holder of a %d ms lease delayed 8 callers until %d ms%n",
        lease.toMillis(), millis);
    assertTrue(millis >= 900, "others waited for the lease, not less: " + millis + " ms");
    assertTrue(millis < 2_500, "others waited about one lease, not more: " + millis + " ms");
    assertEquals(1, runs.get(), "one of the others computed, once");
    letGo.countDown();
    assertEquals("saw recovered", stuckCall.get(30, TimeUnit.SECONDS),
        "the late holder's write lost its compare-and-set and ran again on the new value");
    assertEquals("recovered", others.get("k"));
  }

  @Test
  void aHolderWhoseManagerIsClosedDelaysTheOthersByAboutOneLease(RedisTestContext redis)
      throws Exception {
    Duration lease = Duration.ofMillis(1_000);
    RedisCache<String, String> dying = cache(redis, lease);
    RedisCache<String, String> others = cache(redis, lease);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    long started = System.nanoTime();
    Future<String> dyingCall = pool.submit(() -> dying.invoke("k", (entry, args) -> {
      holding.countDown();
      await(letGo);
      entry.setValue("from the closed client");
      return "dead";
    }));
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    dying.getCacheManager().close(); // its Redis client goes, the lease stays behind in Redis
    AtomicInteger runs = new AtomicInteger();
    EntryProcessor<String, String, String> processor =
        loader(runs, new AtomicInteger(), new AtomicInteger(), 50, "recovered");
    List<Future<String>> waiting = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      waiting.add(pool.submit(() -> others.invoke("k", processor)));
    }
    for (Future<String> result : waiting) {
      assertEquals("recovered", result.get(30, TimeUnit.SECONDS));
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertTrue(millis >= 900 && millis < 2_500, "others waited about one lease: " + millis + " ms");
    assertEquals(1, runs.get());
    letGo.countDown();
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> dyingCall.get(30, TimeUnit.SECONDS)).getCause() instanceof RuntimeException,
        "the closed client's write fails; nothing of it reaches the cache");
    assertEquals("recovered", others.get("k"));
  }

  @Test
  void aProcessorInvokingTheSameKeyDoesNotWaitForItself(RedisTestContext redis)
      throws Exception {
    RedisCache<String, String> cache = cache(redis, Duration.ofSeconds(30));
    Future<String> call = pool.submit(() -> cache.invoke("k", (entry, args) -> {
      String inner = cache.invoke("k", (innerEntry, innerArgs) -> {
        innerEntry.setValue("inner");
        return "inner";
      });
      return entry.exists() ? entry.getValue() : "outer after " + inner;
    }));
    // The nested invoke runs without waiting for the outer one's lease; the outer one then
    // writes nothing, so nothing conflicts.
    assertEquals("outer after inner", call.get(5, TimeUnit.SECONDS));
    assertEquals("inner", cache.get("k"));
    assertEquals(0, leasesLeft(redis, cache));
  }

  @Test
  void processorsCallingIntoEachOthersMissingKeysDoNotDeadlock(RedisTestContext redis)
      throws Exception {
    List<RedisCache<String, String>> caches = caches(redis, Duration.ofSeconds(30));
    CountDownLatch bothHold = new CountDownLatch(2);
    Future<String> ab = pool.submit(() -> crossing(caches.get(0), "a", "b", bothHold));
    Future<String> ba = pool.submit(() -> crossing(caches.get(1), "b", "a", bothHold));
    assertEquals("a", ab.get(5, TimeUnit.SECONDS).substring(0, 1));
    assertEquals("b", ba.get(5, TimeUnit.SECONDS).substring(0, 1));
    assertEquals(0, leasesLeft(redis, caches.get(0)));
  }

  /** Holds {@code mine}'s lease and, once the other thread holds its own, invokes on it. */
  private static String crossing(RedisCache<String, String> cache, String mine, String theirs,
      CountDownLatch bothHold) {
    return cache.invoke(mine, (entry, args) -> {
      if (!entry.exists()) {
        bothHold.countDown();
        await(bothHold);
      }
      cache.invoke(theirs, (other, a) -> {
        if (!other.exists()) {
          other.setValue(theirs + " set by " + mine);
        }
        return null;
      });
      entry.setValue(mine + " done");
      return mine + " done";
    });
  }

  @Test
  void aReadThroughLoaderCallingBackIntoTheCacheDoesNotWaitForTheInvokeLease(
      RedisTestContext redis) throws Exception {
    RedisCache<String, String> cache = redis.newManager().createCache("read-through",
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setSingleFlight(true).setReadThrough(true)
            .setCacheLoaderFactory(FactoryBuilder.factoryOf(new SelfReadingLoader())))
        .unwrap(RedisCache.class);
    SelfReadingLoader.cache = cache;
    Future<String> call = pool.submit(() -> cache.invoke("k", (entry, args) -> entry.getValue()));
    // The loader's own get loaded and stored "inner"; the processor's load then lost its
    // compare-and-set and ran again on what is there.
    assertEquals("inner", call.get(5, TimeUnit.SECONDS));
    assertEquals("inner", cache.get("k"));
    assertEquals(0, leasesLeft(redis, cache));
  }

  /** A loader that first reads the key it loads from the cache (a read-through get, again). */
  static final class SelfReadingLoader implements CacheLoader<String, String>,
      java.io.Serializable {
    static volatile Cache<String, String> cache;
    private static final ThreadLocal<Boolean> LOADING = ThreadLocal.withInitial(() -> false);

    @Override
    public String load(String key) {
      if (LOADING.get()) {
        return "inner";
      }
      LOADING.set(true);
      try {
        return "outer after " + cache.get(key);
      } finally {
        LOADING.set(false);
      }
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void invokeAllFromTwoManagersComputesEachMissingKeyOnce(RedisTestContext redis)
      throws Exception {
    List<RedisCache<String, String>> caches = caches(redis, Duration.ofSeconds(30));
    Map<String, AtomicInteger> runs = new java.util.concurrent.ConcurrentHashMap<>();
    EntryProcessor<String, String, String> processor = (entry, args) -> {
      if (entry.exists()) {
        return entry.getValue();
      }
      runs.computeIfAbsent(entry.getKey(), k -> new AtomicInteger()).incrementAndGet();
      sleep(50);
      entry.setValue("v-" + entry.getKey());
      return "v-" + entry.getKey();
    };
    Set<String> keys = Set.of("a", "b", "c", "d");
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<String, EntryProcessorResult<String>>>> results = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      RedisCache<String, String> cache = caches.get(t % MANAGERS);
      results.add(pool.submit(() -> {
        start.await();
        return cache.invokeAll(keys, processor);
      }));
    }
    start.countDown();
    for (Future<Map<String, EntryProcessorResult<String>>> result : results) {
      Map<String, EntryProcessorResult<String>> byKey = result.get(30, TimeUnit.SECONDS);
      for (String key : keys) {
        assertEquals("v-" + key, byKey.get(key).get());
      }
    }
    for (String key : keys) {
      assertEquals(1, runs.get(key).get(), "key " + key);
    }
  }

  @Test
  void aProcessorThatWritesNothingOnAMissingEntryEndsItsLease(RedisTestContext redis) {
    RedisCache<String, String> cache = cache(redis, Duration.ofSeconds(30));
    assertNull(cache.invoke("k", (entry, args) -> entry.exists() ? "there" : null));
    cache.invoke("k", (entry, args) -> {
      entry.remove();
      return null;
    });
    assertEquals(0, leasesLeft(redis, cache));
    assertFalse(cache.containsKey("k"));
  }

}
