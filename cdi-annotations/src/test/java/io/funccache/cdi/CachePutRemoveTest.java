package io.funccache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.cdi.core.DefaultGeneratedCacheKey;
import jakarta.enterprise.context.Dependent;
import javax.cache.Cache;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;
import org.jboss.weld.exceptions.DefinitionException;
import org.junit.jupiter.api.Test;

class CachePutRemoveTest extends RedisCdiTest {

  @Dependent
  @CacheDefaults(cacheName = "store")
  public static class Store {

    @CacheResult
    public String get(String id) {
      return "loaded " + id;
    }

    @CachePut
    public void put(String id, @CacheValue String value) {}

    @CachePut
    public void putThenFail(String id, @CacheValue String value) {
      throw new IllegalStateException("failed");
    }

    @CachePut(cacheFor = IllegalStateException.class)
    public void putDespite(@CacheKey String id, @CacheValue String value, RuntimeException toThrow) {
      throw toThrow;
    }

    @CachePut(noCacheFor = UnsupportedOperationException.class)
    public void putUnless(@CacheKey String id, @CacheValue String value,
        RuntimeException toThrow) {
      throw toThrow;
    }

    @CachePut(afterInvocation = false)
    public void putFirst(String id, @CacheValue String value) {
      throw new IllegalStateException("failed after the put");
    }

    @CacheRemove
    public void remove(String id) {}

    @CacheRemove
    public void removeThenFail(String id) {
      throw new IllegalStateException("failed");
    }

    @CacheRemove(evictFor = IllegalStateException.class)
    public void removeDespite(@CacheKey String id, RuntimeException toThrow) {
      throw toThrow;
    }

    @CacheRemove(afterInvocation = false)
    public void removeFirst(String id) {
      throw new IllegalStateException("failed after the remove");
    }

    @CacheRemoveAll
    public void clear() {}

    @CacheRemoveAll
    public void clearThenFail() {
      throw new IllegalStateException("failed");
    }

    @CacheRemoveAll(noEvictFor = UnsupportedOperationException.class)
    public void clearUnless(RuntimeException toThrow) {
      throw toThrow;
    }

    @CacheRemoveAll(afterInvocation = false)
    public void clearFirst() {
      throw new IllegalStateException("failed after the clear");
    }
  }

  @Dependent
  public static class TwoAnnotations {
    @CacheResult
    @CacheRemoveAll
    public String both(String s) {
      return s;
    }
  }

  @Dependent
  public static class PutWithoutValue {
    @CachePut(cacheName = "x")
    public void put(String s) {}
  }

  @Override
  protected Class<?>[] beans() {
    return new Class<?>[] {Store.class};
  }

  private static Cache<Object, Object> store() {
    Cache<Object, Object> cache = cache("store");
    return cache != null ? cache : javax.cache.Caching.getCachingProvider().getCacheManager()
        .createCache("store", new javax.cache.configuration.MutableConfiguration<>());
  }

  private static Object entry(String id) {
    return store().get(new DefaultGeneratedCacheKey(id));
  }

  private static void seed(String... ids) {
    Cache<Object, Object> cache = store();
    for (String id : ids) {
      cache.put(new DefaultGeneratedCacheKey(id), "seeded " + id);
    }
  }

  @Test
  void putStoresTheCacheValueUnderTheOtherParameters() {
    Store store = bean(Store.class);
    store.put("a", "A");
    assertEquals("A", entry("a"));
    assertEquals("A", store.get("a"));
  }

  @Test
  void putOfNullRemovesTheEntry() {
    Store store = bean(Store.class);
    store.put("a", "A");
    store.put("a", null);
    assertNull(entry("a"));
  }

  @Test
  void putAfterInvocationIsSkippedWhenTheMethodThrows() {
    Store store = bean(Store.class);
    assertThrows(IllegalStateException.class, () -> store.putThenFail("a", "A"));
    assertNull(entry("a"));
  }

  @Test
  void cacheForAndNoCacheForDecideWhetherAnExceptionStillPuts() {
    Store store = bean(Store.class);
    assertThrows(IllegalStateException.class,
        () -> store.putDespite("a", "A", new IllegalStateException()));
    assertEquals("A", entry("a"));
    assertThrows(IllegalArgumentException.class,
        () -> store.putDespite("b", "B", new IllegalArgumentException()));
    assertNull(entry("b"));
    assertThrows(IllegalStateException.class,
        () -> store.putUnless("c", "C", new IllegalStateException()));
    assertEquals("C", entry("c"));
    assertThrows(UnsupportedOperationException.class,
        () -> store.putUnless("d", "D", new UnsupportedOperationException()));
    assertNull(entry("d"));
  }

  @Test
  void putBeforeInvocationHappensEvenWhenTheMethodThrows() {
    Store store = bean(Store.class);
    assertThrows(IllegalStateException.class, () -> store.putFirst("a", "A"));
    assertEquals("A", entry("a"));
  }

  @Test
  void removeRemovesOneEntryAfterTheCall() {
    Store store = bean(Store.class);
    store.get("a");
    seed("b");
    store.remove("a");
    assertNull(entry("a"));
    assertEquals("seeded b", entry("b"));
  }

  @Test
  void removeAfterInvocationFollowsEvictFor() {
    Store store = bean(Store.class);
    store.get("a");
    assertThrows(IllegalStateException.class, () -> store.removeThenFail("a"));
    assertEquals("loaded a", entry("a"));
    assertThrows(IllegalStateException.class,
        () -> store.removeDespite("a", new IllegalStateException()));
    assertNull(entry("a"));
    store.get("b");
    assertThrows(IllegalArgumentException.class,
        () -> store.removeDespite("b", new IllegalArgumentException()));
    assertEquals("loaded b", entry("b"));
  }

  @Test
  void removeBeforeInvocationHappensEvenWhenTheMethodThrows() {
    Store store = bean(Store.class);
    store.get("a");
    assertThrows(IllegalStateException.class, () -> store.removeFirst("a"));
    assertNull(entry("a"));
  }

  @Test
  void removeAllEmptiesTheCache() {
    Store store = bean(Store.class);
    store.get("a");
    seed("b", "c");
    store.clear();
    assertNull(entry("a"));
    assertNull(entry("b"));
    assertTrue(!cache("store").iterator().hasNext());
  }

  @Test
  void removeAllAfterInvocationFollowsNoEvictFor() {
    Store store = bean(Store.class);
    seed("a");
    assertThrows(IllegalStateException.class, store::clearThenFail);
    assertEquals("seeded a", entry("a"));
    assertThrows(UnsupportedOperationException.class,
        () -> store.clearUnless(new UnsupportedOperationException()));
    assertEquals("seeded a", entry("a"));
    assertThrows(IllegalStateException.class,
        () -> store.clearUnless(new IllegalStateException()));
    assertNull(entry("a"));
  }

  @Test
  void removeAllBeforeInvocationHappensEvenWhenTheMethodThrows() {
    Store store = bean(Store.class);
    seed("a");
    assertThrows(IllegalStateException.class, store::clearFirst);
    assertNull(entry("a"));
  }

  @Test
  void misusedAnnotationsFailTheDeployment() {
    assertThrows(DefinitionException.class, () -> weld(TwoAnnotations.class).initialize());
    assertThrows(DefinitionException.class, () -> weld(PutWithoutValue.class).initialize());
  }
}
