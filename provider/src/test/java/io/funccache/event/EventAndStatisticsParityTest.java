package io.funccache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.RedisCache;
import io.funccache.management.CacheStatistics;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every write operation through one scenario: key "live" holds 1, key "stale" held 2 but has
 * expired (10 s creation expiry, clock moved on), key "none" was never written. The events fired
 * and statistics counted are compared with the specification's tables (JSR-107 8 and 12.4).
 */
@ExtendWith(RedisTest.class)
class EventAndStatisticsParityTest {

  static Stream<Arguments> operations() {
    return Stream.of(
        op("put live", c -> c.put("live", 10), "UPDATED live 1->10", "h0 m0 p1 r0"),
        op("put stale", c -> c.put("stale", 20), "CREATED stale 20", "h0 m0 p1 r0"),
        op("getAndPut live", c -> c.getAndPut("live", 10), "UPDATED live 1->10", "h1 m0 p1 r0"),
        op("getAndPut stale", c -> c.getAndPut("stale", 20), "CREATED stale 20", "h0 m1 p1 r0"),
        op("putIfAbsent live", c -> c.putIfAbsent("live", 10), "", "h1 m0 p0 r0"),
        op("putIfAbsent stale", c -> c.putIfAbsent("stale", 20), "CREATED stale 20",
            "h0 m1 p1 r0"),
        op("replace live", c -> c.replace("live", 10), "UPDATED live 1->10", "h1 m0 p1 r0"),
        op("replace stale", c -> c.replace("stale", 20), "", "h0 m1 p0 r0"),
        op("replace live 1->10", c -> c.replace("live", 1, 10), "UPDATED live 1->10",
            "h1 m0 p1 r0"),
        op("replace live wrong old", c -> c.replace("live", 5, 10), "", "h1 m0 p0 r0"),
        op("replace stale 2->20", c -> c.replace("stale", 2, 20), "", "h0 m1 p0 r0"),
        op("getAndReplace live", c -> c.getAndReplace("live", 10), "UPDATED live 1->10",
            "h1 m0 p1 r0"),
        op("getAndReplace stale", c -> c.getAndReplace("stale", 20), "", "h0 m1 p0 r0"),
        op("remove live", c -> c.remove("live"), "REMOVED live 1", "h0 m0 p0 r1"),
        op("remove stale", c -> c.remove("stale"), "", "h0 m0 p0 r0"),
        op("remove live 1", c -> c.remove("live", 1), "REMOVED live 1", "h1 m0 p0 r1"),
        op("remove live wrong value", c -> c.remove("live", 5), "", "h1 m0 p0 r0"),
        op("remove stale 2", c -> c.remove("stale", 2), "", "h0 m1 p0 r0"),
        op("getAndRemove live", c -> c.getAndRemove("live"), "REMOVED live 1", "h1 m0 p0 r1"),
        op("getAndRemove stale", c -> c.getAndRemove("stale"), "", "h0 m1 p0 r0"),
        op("putAll", c -> c.putAll(new LinkedHashMap<>(Map.of("live", 10, "stale", 20, "none", 30))),
            "CREATED none 30|CREATED stale 20|UPDATED live 1->10", "h0 m0 p3 r0"),
        op("removeAll keys", c -> c.removeAll(Set.of("live", "stale", "none")),
            "REMOVED live 1", "h0 m0 p0 r1"),
        op("removeAll", Cache::removeAll, "REMOVED live 1", "h0 m0 p0 r1"),
        op("invoke set live", c -> c.invoke("live", (e, a) -> {
          e.setValue(10);
          return null;
        }), "UPDATED live 1->10", "h1 m0 p1 r0"),
        op("invoke set stale", c -> c.invoke("stale", (e, a) -> {
          e.setValue(20);
          return null;
        }), "CREATED stale 20", "h0 m1 p1 r0"),
        op("invoke remove live", c -> c.invoke("live", (e, a) -> {
          e.remove();
          return null;
        }), "REMOVED live 1", "h1 m0 p0 r1"),
        op("invoke read live", c -> c.invoke("live", (e, a) -> e.getValue()), "", "h1 m0 p0 r0"),
        op("iterator remove", c -> {
          Iterator<Cache.Entry<String, Integer>> it = c.iterator();
          while (it.hasNext()) {
            it.next();
            it.remove();
          }
        }, "REMOVED live 1", "h1 m0 p0 r1"));
  }

  private static Arguments op(String name, Consumer<Cache<String, Integer>> action, String events,
      String statistics) {
    return Arguments.of(name, action, events, statistics);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operations")
  void eventsAndStatisticsFollowTheSpecification(String name,
      Consumer<Cache<String, Integer>> action, String expectedEvents, String expectedStatistics,
      RedisTestContext redis) {
    MutableClock clock = new MutableClock(1_000_000);
    Recorder recorder = new Recorder();
    Cache<String, Integer> cache = redis.newManager().createCache("parity",
        new RedisCacheConfiguration<String, Integer>().setTypes(String.class, Integer.class)
            .setClock(clock)
            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                new Duration(TimeUnit.SECONDS, 10)))
            .setStatisticsEnabled(true));
    cache.put("stale", 2);
    clock.advance(5_000);
    cache.put("live", 1);
    clock.advance(6_000); // "stale" is 11 s old: expired. "live" is 6 s old.
    CacheStatistics statistics = cache.unwrap(RedisCache.class).statistics();
    statistics.clear();
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(recorder), null, true, true));

    action.accept(cache);

    assertEquals(expectedEvents, recorder.sorted(), name + ": events");
    assertEquals(expectedStatistics, "h" + statistics.getCacheHits()
        + " m" + statistics.getCacheMisses() + " p" + statistics.getCachePuts()
        + " r" + statistics.getCacheRemovals(), name + ": statistics");
  }

  /** Records every event as text; registered by instance, so one recorder per test. */
  static final class Recorder implements CacheEntryCreatedListener<String, Integer>,
      CacheEntryUpdatedListener<String, Integer>, CacheEntryRemovedListener<String, Integer>,
      CacheEntryExpiredListener<String, Integer>, java.io.Serializable {
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    String sorted() {
      return String.join("|", new TreeSet<>(events));
    }

    private void record(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
      for (CacheEntryEvent<? extends String, ? extends Integer> e : batch) {
        switch (e.getEventType()) {
          case CREATED -> events.add("CREATED " + e.getKey() + " " + e.getValue());
          case UPDATED -> events.add("UPDATED " + e.getKey() + " " + e.getOldValue() + "->"
              + e.getValue());
          default -> events.add(e.getEventType() + " " + e.getKey() + " " + e.getOldValue());
        }
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
      record(batch);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
      record(batch);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
      record(batch);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends Integer>> batch) {
      record(batch);
    }
  }
}
