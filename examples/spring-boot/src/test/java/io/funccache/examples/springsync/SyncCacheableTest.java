package io.funccache.examples.springsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.funccache.RedisCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @Cacheable(sync = true)} over funccache computes once per key across threads and across
 * JVMs: two Spring application contexts, each with its own funccache CacheManager (its own Redis
 * client, as two JVMs would have) in one Redis namespace, 16 threads each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncCacheableTest {
  private static final int THREADS_PER_CONTEXT = 16;
  private static final String NAMESPACE = "spring-sync-test-" + UUID.randomUUID();

  private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
  private final List<SlowLookup> lookups = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_CONTEXT);

  /** One application: a funccache CacheManager of its own, Spring's caching over it. */
  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableCaching
  static class SyncApplication {
    @Bean(destroyMethod = "close")
    CacheManager funccache() {
      Properties properties = new Properties();
      properties.setProperty("funccache.namespace", NAMESPACE);
      // A provider instance of its own: its own manager and Redis client.
      CacheManager manager = new RedisCachingProvider().getCacheManager(
          URI.create("redis://127.0.0.1:6379"), SyncCacheableTest.class.getClassLoader(),
          properties);
      if (manager.getCache(SlowLookup.CACHE) == null) {
        manager.createCache(SlowLookup.CACHE, new MutableConfiguration<Object, Object>());
      }
      return manager;
    }

    @Bean
    SlowLookup slowLookup() {
      return new SlowLookup();
    }
  }

  @BeforeAll
  void startTwoApplications() {
    for (int i = 0; i < 2; i++) {
      ConfigurableApplicationContext context = new SpringApplicationBuilder(SyncApplication.class)
          .web(WebApplicationType.NONE).run();
      contexts.add(context);
      lookups.add(context.getBean(SlowLookup.class));
    }
  }

  @AfterAll
  void stopThem() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    if (!contexts.isEmpty()) {
      contexts.get(0).getBean(CacheManager.class).destroyCache(SlowLookup.CACHE);
    }
    contexts.forEach(ConfigurableApplicationContext::close);
  }

  private int runs() {
    return lookups.stream().mapToInt(SlowLookup::runs).sum();
  }

  /** 16 threads per application call {@code call} with their application's bean, at once. */
  private <T> List<Future<T>> stampede(Function<Integer, Callable<T>> call) {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> results = new ArrayList<>();
    for (int t = 0; t < 2 * THREADS_PER_CONTEXT; t++) {
      Callable<T> body = call.apply(t % 2);
      results.add(pool.submit(() -> {
        start.await();
        return body.call();
      }));
    }
    start.countDown();
    return results;
  }

  @Test
  void thirtyTwoCallersInTwoApplicationsRunTheMethodOnce() throws Exception {
    int before = runs();
    long started = System.nanoTime();
    List<Future<String>> results = stampede(app -> () -> lookups.get(app).lookup("hot"));
    for (Future<String> result : results) {
      assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo("value of hot");
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    int runs = runs() - before;
    System.out.printf("@Cacheable(sync = true): %d callers in 2 applications, the 300 ms method"
        + " ran %d time(s), all answered after %d ms%n", results.size(), runs, millis);
    assertThat(runs).as("method runs for %d callers", results.size()).isEqualTo(1);
    assertThat(contexts.get(1).getBean(CacheManager.class).getCache(SlowLookup.CACHE).get("hot"))
        .isEqualTo("value of hot");
  }

  @Test
  void aFailingMethodFailsEveryCallerAndNothingIsCached() throws Exception {
    lookups.forEach(lookup -> lookup.failAfter(20));
    int before = runs();
    List<Future<String>> results = stampede(app -> () -> lookups.get(app).lookup("broken"));
    for (Future<String> result : results) {
      // Spring unwraps the value loader's failure: the caller sees the method's own exception.
      assertThatThrownBy(() -> result.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class).cause()
          .isInstanceOf(IllegalStateException.class).hasMessage("lookup of broken failed");
    }
    System.out.printf("@Cacheable(sync = true), failing: %d callers, %d runs, each its own%n",
        results.size(), runs() - before);
    assertThat(runs() - before).as("each caller ran the method itself, one after the other")
        .isEqualTo(results.size());
    Cache spring = contexts.get(0).getBean(org.springframework.cache.CacheManager.class)
        .getCache(SlowLookup.CACHE);
    assertThat(spring.get("broken")).as("nothing cached").isNull();

    // Spring's Cache.get(key, loader) itself reports the loader's failure this way.
    IllegalStateException failure = new IllegalStateException("loader failed");
    assertThatThrownBy(() -> spring.get("broken", () -> {
      throw failure;
    })).isInstanceOf(Cache.ValueRetrievalException.class).hasCause(failure);
    assertThat(spring.get("broken")).isNull();
  }
}
