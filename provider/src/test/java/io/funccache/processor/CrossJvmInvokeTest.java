package io.funccache.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** invoke is atomic across JVMs: managers with their own Redis clients never lose an update. */
@ExtendWith(RedisTest.class)
class CrossJvmInvokeTest {
  private static final EntryProcessor<String, Long, Long> INCREMENT = (entry, args) -> {
    long next = (entry.exists() ? entry.getValue() : 0L) + 1;
    entry.setValue(next);
    return next;
  };

  @Test
  void twoManagersTimesFourThreadsIncrementExactly(RedisTestContext redis) throws Exception {
    List<Cache<String, Long>> caches = new ArrayList<>();
    for (int m = 0; m < 2; m++) {
      CacheManager manager = redis.newManager();
      caches.add(manager.createCache("counter",
          new MutableConfiguration<String, Long>().setTypes(String.class, Long.class)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Cache<String, Long> cache = caches.get(t % 2);
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 1_000; i++) {
          cache.invoke("n", INCREMENT);
        }
        return null;
      }));
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES));
    for (Future<?> future : futures) {
      future.get();
    }
    assertEquals(8_000L, caches.get(0).get("n"));
  }

  @Test
  void aFailingProcessorAppliesNothingAndInvokeAllReportsPerKey(RedisTestContext redis) {
    Cache<String, Long> cache = redis.newManager().createCache("failing",
        new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    cache.put("a", 1L);
    EntryProcessor<String, Long, Long> setThenFail = (entry, args) -> {
      entry.setValue(99L);
      if (entry.getKey().equals("a")) {
        throw new IllegalStateException("boom");
      }
      return 7L;
    };
    EntryProcessorException e = assertThrows(EntryProcessorException.class,
        () -> cache.invoke("a", setThenFail));
    assertTrue(e.getCause() instanceof IllegalStateException);
    assertEquals(1L, cache.get("a"), "nothing applied");
    Map<String, EntryProcessorResult<Long>> results = cache.invokeAll(Set.of("a", "b"),
        setThenFail);
    assertThrows(EntryProcessorException.class, () -> results.get("a").get());
    assertEquals(7L, results.get("b").get());
    assertEquals(99L, cache.get("b"));
    assertEquals(1L, cache.get("a"));
  }
}
