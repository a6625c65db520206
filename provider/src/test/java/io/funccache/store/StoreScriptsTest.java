package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.store.StoreReplies.Binding;
import io.funccache.store.StoreReplies.PutOutcome;
import io.funccache.store.StoreReplies.Write;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScript;
import org.redisson.client.codec.StringCodec;

/** The scripts' expiry, ttl, reconfiguration and reload behaviour, on real Redis. */
class StoreScriptsTest {
  private static final long K = ExpiryCodes.KEEP;
  private static final long E = ExpiryCodes.ETERNAL;

  private static RedisInspector redis;
  private final MutableClock clock = new MutableClock(5_000_000);
  private final List<CacheStore> stores = new ArrayList<>();
  private final String namespace = "store-" + UUID.randomUUID();

  @BeforeAll
  static void connect() {
    redis = new RedisInspector(RedisServer.uri());
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  @AfterEach
  void destroy() {
    stores.forEach(CacheStore::destroy);
  }

  private CacheStore store(EvictionPolicy policy, long maxSize, long ttlMillis) {
    CacheStore store = new CacheStore("c", CacheKeys.of("funccache:", namespace, "c"),
        new ScriptRunner(redis.client(), "test"), policy, maxSize, ttlMillis, clock, "store-test");
    stores.add(store);
    return store;
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Write put(CacheStore store, String key, long creation) {
    return store.put(PutMode.PUT, b(key), b("v-" + key), null, creation, K, K, false);
  }

  @Test
  void anEntryExpiresAtItsDeadline() {
    CacheStore store = store(EvictionPolicy.LRU, 10, 0);
    put(store, "a", 100);
    clock.advance(99);
    assertArrayEquals(b("v-a"), store.get(b("a"), K).value());
    clock.advance(1);
    var miss = store.get(b("a"), K);
    assertNull(miss.value());
    assertEquals(1, miss.expired());
    redis.assertInvariants(store.keys(), 10);
    assertEquals(Set.of(), redis.snapshot(store.keys()).values());
  }

  @Test
  void anExpiredEntryNeverCostsALiveOneItsPlace() {
    CacheStore store = store(EvictionPolicy.LRU, 2, 0);
    put(store, "old-but-live", E);
    put(store, "short", 10);
    clock.advance(20);
    Write write = put(store, "new", E);
    assertEquals(0, write.evicted());
    assertEquals(1, write.expired());
    assertEquals(Set.of("old-but-live", "new"), redis.assertInvariants(store.keys(), 2).values());
  }

  @Test
  void zeroCreationExpiryStoresNothing() {
    CacheStore store = store(EvictionPolicy.LRU, 10, 0);
    assertEquals(PutOutcome.NOT_STORED_EXPIRED, put(store, "a", ExpiryCodes.ZERO).outcome());
    assertNull(store.get(b("a"), K).value());
  }

  @Test
  void zeroAccessExpiryServesOnceThenRemoves() {
    CacheStore store = store(EvictionPolicy.LRU, 10, 0);
    put(store, "a", E);
    assertArrayEquals(b("v-a"), store.get(b("a"), ExpiryCodes.ZERO).value());
    assertNull(store.get(b("a"), K).value());
    redis.assertInvariants(store.keys(), 10);
  }

  @Test
  void zeroUpdateExpiryRemovesTheEntry() {
    CacheStore store = store(EvictionPolicy.LRU, 10, 0);
    put(store, "a", E);
    Write update = store.put(PutMode.PUT, b("a"), b("v2"), null, E, ExpiryCodes.ZERO, K, true);
    assertEquals(PutOutcome.REMOVED_EXPIRED, update.outcome());
    assertArrayEquals(b("v-a"), update.previous());
    assertNull(store.get(b("a"), K).value());
  }

  @Test
  void accessExpiryMovesTheDeadline() {
    CacheStore store = store(EvictionPolicy.LRU, 10, 0);
    put(store, "a", 100);
    clock.advance(50);
    store.get(b("a"), 100);
    clock.advance(90);
    assertArrayEquals(b("v-a"), store.get(b("a"), K).value());
    clock.advance(10);
    assertNull(store.get(b("a"), K).value());
  }

  @Test
  void wholeCacheTtlIsRefreshedByHitsAndWritesNotByMisses() {
    CacheStore store = store(EvictionPolicy.LRU, 10, 60_000);
    put(store, "a", E);
    assertTtlBetween(store.keys().values(), 59_000, 60_000);
    redis.write("PEXPIRE", store.keys().values(), 30_000);
    store.get(b("missing"), K);
    assertTtlBetween(store.keys().values(), 1, 30_000);
    store.get(b("a"), K);
    assertTtlBetween(store.keys().values(), 59_000, 60_000);
    assertTtlBetween(store.keys().index(), 59_000, 60_000);
  }

  private static void assertTtlBetween(String key, long min, long max) {
    Long ttl = redis.client().getScript(StringCodec.INSTANCE).eval(RScript.Mode.READ_ONLY,
        "return redis.call('PTTL', KEYS[1])", RScript.ReturnType.LONG, List.of(key));
    assertTrue(ttl >= min && ttl <= max, key + " ttl " + ttl + " not in [" + min + ", " + max + "]");
  }

  @Test
  void conditionalWritesFollowTheirConditions() {
    CacheStore store = store(EvictionPolicy.LRU, 10, 0);
    assertEquals(PutOutcome.ABSENT_UNCHANGED,
        store.put(PutMode.REPLACE, b("a"), b("x"), null, E, K, K, false).outcome());
    assertEquals(PutOutcome.CREATED,
        store.put(PutMode.PUT_IF_ABSENT, b("a"), b("x"), null, E, K, K, false).outcome());
    assertEquals(PutOutcome.PRESENT_UNCHANGED,
        store.put(PutMode.PUT_IF_ABSENT, b("a"), b("y"), null, E, K, K, false).outcome());
    assertEquals(PutOutcome.PRESENT_UNCHANGED,
        store.put(PutMode.REPLACE_IF_EQUALS, b("a"), b("z"), b("nope"), E, K, K, false).outcome());
    assertEquals(PutOutcome.UPDATED,
        store.put(PutMode.REPLACE_IF_EQUALS, b("a"), b("z"), b("x"), E, K, K, false).outcome());
    assertArrayEquals(b("z"), store.get(b("a"), K).value());
  }

  @Test
  void aPolicyChangeKeepsTheEvictionOrderAndASmallerMaxSizeTrims() {
    CacheStore lru = store(EvictionPolicy.LRU, 10, 0);
    lru.bind();
    for (int i = 0; i < 10; i++) {
      clock.advance(1);
      put(lru, "k" + i, E);
    }
    lru.get(b("k0"), K); // k0 becomes the most recent
    CacheStore lfu = store(EvictionPolicy.LFU, 3, 0);
    Binding binding = lfu.bind();
    assertEquals("LRU", binding.previousPolicy());
    assertEquals(10L, binding.previousMaxSize());
    assertEquals(10, binding.rescored());
    assertEquals(7, binding.evicted());
    assertEquals(Set.of("k8", "k9", "k0"), redis.assertInvariants(lfu.keys(), 3).values());
    // The new policy runs on the re-scored entries: two hits on k8 make k9 the least frequent.
    lfu.get(b("k8"), K);
    lfu.get(b("k0"), K);
    put(lfu, "new", E);
    assertEquals(Set.of("k8", "k0", "new"), redis.assertInvariants(lfu.keys(), 3).values());
  }

  @Test
  void aFlushedScriptCacheIsReloadedTransparently() {
    CacheStore store = store(EvictionPolicy.LFU, 10, 0);
    put(store, "a", E);
    redis.client().getScript().scriptFlush();
    assertArrayEquals(b("v-a"), store.get(b("a"), K).value());
  }
}
