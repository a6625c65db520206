package io.funccache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every data operation of {@link Cache}, with the specification's return values, on real Redis. */
@ExtendWith(RedisTest.class)
class CacheOperationsTest {
  private CacheManager manager;
  private Cache<String, Integer> cache;

  @BeforeEach
  void setUp(RedisTestContext redis) {
    manager = redis.newManager();
    cache = manager.createCache("ops", new MutableConfiguration<String, Integer>()
        .setTypes(String.class, Integer.class));
  }

  @Test
  void getAndPut() {
    assertNull(cache.get("a"));
    cache.put("a", 1);
    assertEquals(1, cache.get("a"));
    assertEquals(1, cache.getAndPut("a", 2));
    assertNull(cache.getAndPut("b", 3));
    assertEquals(2, cache.get("a"));
    assertTrue(cache.containsKey("b"));
    assertFalse(cache.containsKey("zz"));
  }

  @Test
  void getAllAndPutAll() {
    Map<String, Integer> batch = new HashMap<>();
    for (int i = 0; i < 50; i++) {
      batch.put("k" + i, i);
    }
    cache.putAll(batch);
    Map<String, Integer> read = cache.getAll(Set.of("k1", "k7", "missing"));
    assertEquals(Map.of("k1", 1, "k7", 7), read);
    assertEquals(Map.of(), cache.getAll(Set.of()));
  }

  @Test
  void putIfAbsentAndReplace() {
    assertTrue(cache.putIfAbsent("a", 1));
    assertFalse(cache.putIfAbsent("a", 2));
    assertEquals(1, cache.get("a"));
    assertFalse(cache.replace("missing", 5));
    assertFalse(cache.containsKey("missing"));
    assertTrue(cache.replace("a", 3));
    assertFalse(cache.replace("a", 99, 4));
    assertTrue(cache.replace("a", 3, 4));
    assertEquals(4, cache.get("a"));
    assertEquals(4, cache.getAndReplace("a", 5));
    assertNull(cache.getAndReplace("missing", 5));
    assertFalse(cache.containsKey("missing"));
  }

  @Test
  void removeForms() {
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("c", 3);
    assertFalse(cache.remove("a", 9));
    assertTrue(cache.remove("a", 1));
    assertFalse(cache.remove("a"));
    assertTrue(cache.remove("b"));
    assertEquals(3, cache.getAndRemove("c"));
    assertNull(cache.getAndRemove("c"));
  }

  @Test
  void removeAllAndClear() {
    for (int i = 0; i < 10; i++) {
      cache.put("k" + i, i);
    }
    cache.removeAll(Set.of("k1", "k2", "nope"));
    assertFalse(cache.containsKey("k1"));
    assertTrue(cache.containsKey("k3"));
    cache.removeAll();
    assertFalse(cache.iterator().hasNext());
    cache.put("x", 1);
    cache.clear();
    assertNull(cache.get("x"));
  }

  @Test
  void iteratorSeesEveryEntryOnceAndRemoves() {
    Map<String, Integer> expected = new HashMap<>();
    for (int i = 0; i < 250; i++) {
      expected.put("k" + i, i);
    }
    cache.putAll(expected);
    Map<String, Integer> seen = new HashMap<>();
    for (Cache.Entry<String, Integer> entry : cache) {
      assertNull(seen.put(entry.getKey(), entry.getValue()), "seen twice: " + entry.getKey());
    }
    assertEquals(expected, seen);
    Iterator<Cache.Entry<String, Integer>> it = cache.iterator();
    assertThrows(IllegalStateException.class, it::remove);
    String removed = it.next().getKey();
    it.remove();
    assertFalse(cache.containsKey(removed));
  }

  @Test
  void nullsAreRejectedWithNullPointerException() {
    assertThrows(NullPointerException.class, () -> cache.get(null));
    assertThrows(NullPointerException.class, () -> cache.put(null, 1));
    assertThrows(NullPointerException.class, () -> cache.put("a", null));
    assertThrows(NullPointerException.class, () -> cache.getAll(null));
    Set<String> withNull = new HashSet<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> cache.getAll(withNull));
    assertThrows(NullPointerException.class, () -> cache.replace("a", null, 1));
    assertThrows(NullPointerException.class, () -> cache.remove(null));
    assertThrows(NullPointerException.class, () -> cache.containsKey(null));
    Map<String, Integer> nullValue = new HashMap<>();
    nullValue.put("ok", 1);
    nullValue.put("bad", null);
    assertThrows(NullPointerException.class, () -> cache.putAll(nullValue));
    assertFalse(cache.containsKey("ok"), "a rejected putAll writes nothing");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void wrongTypesAreRejectedWithClassCastException() {
    Cache raw = cache;
    ClassCastException e = assertThrows(ClassCastException.class, () -> raw.put("a", "text"));
    assertTrue(e.getMessage().contains("'ops'"), e.getMessage());
    assertThrows(ClassCastException.class, () -> raw.put(42, 1));
  }

  @Test
  void closedCacheThrowsIllegalState() {
    cache.close();
    assertTrue(cache.isClosed());
    assertThrows(IllegalStateException.class, () -> cache.get("a"));
    assertThrows(IllegalStateException.class, () -> cache.put("a", 1));
    assertNull(manager.getCache("ops"), "a closed cache leaves its manager");
  }

  @Test
  void configurationUnwrapAndStoreByValue() {
    RedisCacheConfiguration<?, ?> config = cache.getConfiguration(RedisCacheConfiguration.class);
    assertEquals(String.class, config.getKeyType());
    assertTrue(config.isStoreByValue());
    assertEquals(cache, cache.unwrap(RedisCache.class));
    assertThrows(IllegalArgumentException.class, () -> cache.unwrap(String.class));
    List<Integer> list = new java.util.ArrayList<>(List.of(1));
    Cache<String, List<Integer>> lists = manager.createCache("lists",
        new MutableConfiguration<String, List<Integer>>());
    lists.put("l", list);
    list.add(2);
    assertEquals(List.of(1), lists.get("l"), "stored by value: later changes do not leak in");
  }

  @Test
  void jcacheExpiryPoliciesApply(RedisTestContext redis) {
    MutableClock clock = new MutableClock(1_000_000);
    Cache<String, String> created = manager.createCache("created",
        new RedisCacheConfiguration<String, String>().setClock(clock)
            .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(
                new Duration(TimeUnit.SECONDS, 10))));
    created.put("a", "x");
    clock.advance(9_999);
    assertEquals("x", created.get("a"));
    clock.advance(1);
    assertNull(created.get("a"));

    Cache<String, String> accessed = manager.createCache("accessed",
        new RedisCacheConfiguration<String, String>().setClock(clock)
            .setExpiryPolicyFactory(AccessedExpiryPolicy.factoryOf(
                new Duration(TimeUnit.SECONDS, 10))));
    accessed.put("a", "x");
    for (int i = 0; i < 5; i++) {
      clock.advance(9_000);
      assertEquals("x", accessed.get("a"), "each access extends the life");
    }
    clock.advance(10_000);
    assertNull(accessed.get("a"));
  }
}
