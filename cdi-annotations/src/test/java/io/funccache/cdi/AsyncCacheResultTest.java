package io.funccache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.cdi.core.DefaultGeneratedCacheKey;
import jakarta.enterprise.context.Dependent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheResult;
import org.junit.jupiter.api.Test;

class AsyncCacheResultTest extends RedisCdiTest {

  @Dependent
  public static class Async {
    final AtomicInteger calls = new AtomicInteger();
    volatile CompletableFuture<String> gate = new CompletableFuture<>();

    @CacheResult(cacheName = "async")
    public CompletableFuture<String> compute(String s) {
      calls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> s.toUpperCase());
    }

    @CacheResult(cacheName = "stages")
    public CompletionStage<Integer> length(String s) {
      calls.incrementAndGet();
      return CompletableFuture.supplyAsync(s::length);
    }

    @CacheResult(cacheName = "failing", exceptionCacheName = "failingExceptions")
    public CompletableFuture<String> fail(String s) {
      calls.incrementAndGet();
      return CompletableFuture.supplyAsync(() -> {
        throw new IllegalStateException("failed " + s);
      });
    }

    @CacheResult(cacheName = "gated")
    public CompletableFuture<String> gated(String s) {
      calls.incrementAndGet();
      return gate.thenApply(prefix -> prefix + s);
    }

    @CacheRemove(cacheName = "async")
    public CompletableFuture<Void> evictLater(@CacheKey String s, CompletableFuture<Void> when) {
      return when;
    }
  }

  @Override
  protected Class<?>[] beans() {
    return new Class<?>[] {Async.class};
  }

  @Test
  void missCachesTheCompletedValueAndAHitIsAnAlreadyCompletedFuture() throws Exception {
    Async async = bean(Async.class);
    assertEquals("ABC", async.compute("abc").get(10, TimeUnit.SECONDS));
    assertEquals("ABC", cache("async").get(new DefaultGeneratedCacheKey("abc")));
    CompletableFuture<String> hit = async.compute("abc");
    assertTrue(hit.isDone());
    assertEquals("ABC", hit.getNow(null));
    assertEquals(1, async.calls.get());
  }

  @Test
  void completionStageReturnTypesAreCachedToo() throws Exception {
    Async async = bean(Async.class);
    assertEquals(3, async.length("abc").toCompletableFuture().get(10, TimeUnit.SECONDS));
    CompletionStage<Integer> hit = async.length("abc");
    assertTrue(hit.toCompletableFuture().isDone());
    assertEquals(3, hit.toCompletableFuture().get());
    assertEquals(1, async.calls.get());
  }

  @Test
  void aFailedFutureIsNeverCached() {
    Async async = bean(Async.class);
    ExecutionException first = assertThrows(ExecutionException.class,
        () -> async.fail("x").get(10, TimeUnit.SECONDS));
    assertTrue(first.getCause() instanceof IllegalStateException, first.toString());
    assertThrows(ExecutionException.class, () -> async.fail("x").get(10, TimeUnit.SECONDS));
    assertEquals(2, async.calls.get());
    assertNull(cache("failing").get(new DefaultGeneratedCacheKey("x")));
    assertNull(cache("failingExceptions").get(new DefaultGeneratedCacheKey("x")));
  }

  @Test
  void concurrentCallersShareOnePendingComputation() throws Exception {
    Async async = bean(Async.class);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CompletableFuture<String>>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> {
          start.await();
          return async.gated("x");
        }));
      }
      start.countDown();
      List<CompletableFuture<String>> results = new ArrayList<>();
      for (Future<CompletableFuture<String>> call : calls) {
        results.add(call.get(10, TimeUnit.SECONDS));
      }
      for (CompletableFuture<String> result : results) {
        assertFalse(result.isDone());
      }
      assertEquals(1, async.calls.get());
      async.gate.complete("p-");
      for (CompletableFuture<String> result : results) {
        assertEquals("p-x", result.get(10, TimeUnit.SECONDS));
      }
      assertEquals("p-x", async.gated("x").getNow(null));
      assertEquals(1, async.calls.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void oneCallerCancellingDoesNotCancelTheSharedComputation() throws Exception {
    Async async = bean(Async.class);
    CompletableFuture<String> first = async.gated("y");
    CompletableFuture<String> second = async.gated("y");
    first.cancel(true);
    async.gate.complete("q-");
    assertEquals("q-y", second.get(10, TimeUnit.SECONDS));
    assertEquals(1, async.calls.get());
  }

  @Test
  void afterInvocationRemovalWaitsForTheFuture() throws Exception {
    Async async = bean(Async.class);
    async.compute("abc").get(10, TimeUnit.SECONDS);
    CompletableFuture<Void> when = new CompletableFuture<>();
    CompletableFuture<Void> removal = async.evictLater("abc", when);
    assertEquals("ABC", cache("async").get(new DefaultGeneratedCacheKey("abc")));
    when.complete(null);
    removal.get(10, TimeUnit.SECONDS);
    assertNull(cache("async").get(new DefaultGeneratedCacheKey("abc")));
    assertSame(null, removal.getNow(null));
  }
}
