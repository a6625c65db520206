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
    return store(policy, maxSize, ttlMillis, new ScriptRunner(redis.client(), "test"));
  }

  private CacheStore store(EvictionPolicy policy, long maxSize, long ttlMillis,
      ScriptRunner runner) {
    return store(policy, maxSize, ttlMillis, runner, "c");
  }

  private CacheStore store(EvictionPolicy policy, long maxSize, long ttlMillis,
      ScriptRunner runner, String name) {
    CacheStore store = new CacheStore(name, CacheKeys.of("funccache:", namespace, name),
        runner, policy, maxSize, ttlMillis, clock, "store-test");
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
  void getAllDropsExpiredEntriesAppliesAccessExpiryAndScoresHitsInOrder() {
    CacheStore store = store(EvictionPolicy.LRU, 1_000, 0);
    List<byte[]> ids = new ArrayList<>();
    for (int i = 0; i < 450; i++) { // more than one chunk of ids per command
      put(store, "k" + i, i % 3 == 0 ? 100 : E);
      ids.add(b("k" + i));
    }
    ids.add(b("absent"));
    clock.advance(100); // every third entry has expired
    var lookup = store.getAll(ids, 1_000); // the hits live 1 s from now
    assertEquals(150, lookup.expired());
    for (int i = 0; i < 450; i++) {
      byte[] expected = i % 3 == 0 ? null : b("v-k" + i);
      assertArrayEquals(expected, lookup.values().get(i), "k" + i);
    }
    assertNull(lookup.values().get(450));
    redis.assertInvariants(store.keys(), 1_000);

    put(store, "fresh", E);
    clock.advance(999);
    assertArrayEquals(b("v-k2"), store.getAll(List.of(b("k2")), K).values().get(0));
    clock.advance(1);
    var after = store.getAll(List.of(b("k2"), b("k4"), b("fresh")), K);
    assertNull(after.values().get(0), "the access expiry of the first getAll has passed");
    assertNull(after.values().get(1));
    assertArrayEquals(b("v-fresh"), after.values().get(2));
  }

  @Test
  void putAllBiggerThanTheCacheKeepsItsLastEntriesAndReportsEachOutcome() {
    CacheStore store = store(EvictionPolicy.LRU, 100, 0);
    put(store, "old", E);
    List<byte[]> ids = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < 450; i++) { // more than one chunk, and more than the cache holds
      ids.add(b("k" + i));
      values.add(b("v-k" + i));
    }
    ids.add(b("old"));
    values.add(b("v-old-2"));
    var write = store.putAll(ids, values, 1_000, ExpiryCodes.ZERO, true);
    // The old entry was evicted by the batch's own inserts before its turn came: created again.
    assertEquals(451, write.created());
    assertEquals(0, write.updated());
    assertEquals(352, write.evicted());
    Set<String> expected = new java.util.TreeSet<>();
    for (int i = 351; i < 450; i++) {
      expected.add("k" + i);
    }
    expected.add("old");
    assertEquals(expected, redis.assertInvariants(store.keys(), 100).values());
    assertArrayEquals(b("v-old-2"), store.get(b("old"), K).value());

    // All present now: updates, with update expiry ZERO, remove them.
    var again = store.putAll(List.of(b("k400"), b("k449")), List.of(b("x"), b("y")), E,
        ExpiryCodes.ZERO, true);
    assertEquals(0, again.created() + again.updated());
    assertEquals(List.of(PutOutcome.REMOVED_EXPIRED, PutOutcome.REMOVED_EXPIRED),
        again.outcomes());
    assertArrayEquals(b("v-k449"), again.previous().get(1));
    clock.advance(999);
    assertArrayEquals(b("v-k351"), store.get(b("k351"), K).value());
    clock.advance(1); // the creation expiry of the first batch
    assertNull(store.get(b("k352"), K).value());
    assertNull(store.get(b("old"), K).value());
  }

  @Test
  void getAllKeepsTheOrderOfSingleGetsForEveryPolicy() {
    for (EvictionPolicy policy : EvictionPolicy.values()) {
      if (policy == EvictionPolicy.RR) {
        continue; // random victims: no order to compare
      }
      CacheStore batched = store(policy, 3, 0);
      CacheStore single = new CacheStore("s", CacheKeys.of("funccache:", namespace, "s-" + policy),
          new ScriptRunner(redis.client(), "test"), policy, 3, 0, clock, "store-test");
      stores.add(single);
      for (CacheStore store : List.of(batched, single)) {
        put(store, "a", E);
        put(store, "b", E);
        put(store, "c", E);
      }
      clock.advance(1);
      batched.getAll(List.of(b("c"), b("a")), K);
      single.get(b("c"), K);
      single.get(b("a"), K);
      clock.advance(1);
      put(batched, "d", E);
      put(single, "d", E);
      assertEquals(redis.snapshot(single.keys()).values(), redis.snapshot(batched.keys()).values(),
          policy.toString());
      batched.destroy();
    }
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
  void aCacheWrittenByTheFirstLfuIsReScoredOnBindAndKeepsWorking() {
    // Version 1 of LFU scored count * 2^32 + sequence and recorded the policy as plain "LFU".
    CacheStore lfu = store(EvictionPolicy.LFU, 3, 0);
    lfu.bind();
    for (String key : List.of("old", "hot", "cold")) {
      put(lfu, key, E);
    }
    var index = redis.client().getScoredSortedSet(lfu.keys().index(),
        org.redisson.client.codec.StringCodec.INSTANCE);
    index.add(50 * 4294967296.0 + 1, "old");  // used 50 times long ago
    index.add(3 * 4294967296.0 + 2, "hot");
    index.add(1 * 4294967296.0 + 3, "cold");
    redis.client().getMap(lfu.keys().meta(), org.redisson.client.codec.StringCodec.INSTANCE)
        .put("policy", "LFU");

    Binding binding = store(EvictionPolicy.LFU, 3, 0).bind();
    assertEquals("LFU", binding.previousPolicy());
    assertEquals(3, binding.rescored(), "the old scores mean nothing to the new LFU");
    assertEquals(Set.of("old", "hot", "cold"), redis.assertInvariants(lfu.keys(), 3).values());
    // Re-scored in the old order (cold, hot, old: lowest first) below every new priority.
    lfu.get(b("hot"), K);
    lfu.get(b("cold"), K);
    put(lfu, "new", E);
    assertEquals(Set.of("hot", "cold", "new"), redis.assertInvariants(lfu.keys(), 3).values(),
        "the entry the old LFU ranked highest no longer holds its place forever");
    assertEquals("LFU/2", redis.client()
        .getMap(lfu.keys().meta(), org.redisson.client.codec.StringCodec.INSTANCE).get("policy"));
  }

  @Test
  void lfuCountsAgeSoANewcomerCanOutlastAnEntryUsedOftenLongAgo() {
    CacheStore lfu = store(EvictionPolicy.LFU, 2, 0);
    lfu.bind();
    put(lfu, "veteran", E);
    for (int i = 0; i < 5; i++) {
      lfu.get(b("veteran"), K); // priority 0 + 6
    }
    // Newcomers used twice each come and go; each eviction raises the cache's age.
    for (int round = 0; round < 8; round++) {
      put(lfu, "n" + round, E);
      lfu.get(b("n" + round), K);
      lfu.get(b("n" + round), K);
    }
    assertTrue(!redis.assertInvariants(lfu.keys(), 2).values().contains("veteran"),
        "the old count aged out: " + redis.assertInvariants(lfu.keys(), 2).values());
  }

  @Test
  void aPolicyChangeOnALargeCacheIsReScoredInBoundedCallsKeepingTheOrder() {
    // More than the 100,000 entries that an earlier version emptied rather than re-score in one
    // call: now re-scored 2,000 per call, every entry kept, the order too.
    int size = 120_000;
    CacheStore lru = store(EvictionPolicy.LRU, 200_000, 0);
    lru.bind();
    List<byte[]> ids = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ids.add(b("k" + i));
      values.add(b("v"));
    }
    lru.putAll(ids, values, E, K, false); // k0 is the least recently used, the last key the most
    CacheStore fifo = store(EvictionPolicy.FIFO, size, 0);
    Binding binding = fifo.bind();
    assertEquals(size, binding.rescored());
    assertEquals(size, redis.assertInvariants(fifo.keys(), size).values().size());
    assertEquals(0L, redis.client().getKeys().countExists(fifo.keys().rescoring()),
        "nothing left aside");
    put(fifo, "new", E); // full: the first in the old order goes
    Set<String> kept = redis.assertInvariants(fifo.keys(), size).values();
    assertTrue(!kept.contains("k0") && kept.contains("k1") && kept.contains("new"),
        "the eviction order survived the change");
  }

  @Test
  void leasesOfClientsThatNeverReleaseDoNotAccumulate() throws Exception {
    CacheStore store = store(EvictionPolicy.LRU, 10, 0);
    assertEquals(StoreReplies.LeaseState.OWNER, store.lease(b("long"), 30_000, K).state());
    assertTtlBetween(store.keys().leases(), 29_000, 30_000);
    // A shorter lease taken later never cuts the longer one short.
    assertEquals(StoreReplies.LeaseState.OWNER, store.lease(b("short"), 200, K).state());
    assertTtlBetween(store.keys().leases(), 29_000, 30_000);

    // Leases that no client releases (every holder died): the hash goes once the newest lapses.
    CacheStore dying = store(EvictionPolicy.LRU, 10, 0, new ScriptRunner(redis.client(), "test"),
        "dying");
    for (int i = 0; i < 100; i++) {
      dying.lease(b("dead-" + i), 150, K);
    }
    assertTtlBetween(dying.keys().leases(), 1, 150);
    Thread.sleep(400);
    assertEquals(0L, redis.client().getKeys().countExists(dying.keys().leases()),
        "dead clients' leases were left behind");
  }

  @Test
  void aFlushedScriptCacheIsReloadedTransparently() {
    CacheStore store = store(EvictionPolicy.LFU, 10, 0);
    put(store, "a", E);
    redis.client().getScript().scriptFlush();
    assertArrayEquals(b("v-a"), store.get(b("a"), K).value());
  }

  @Test
  void operationsGoByFunctionsAndAFlushedLibraryIsReloadedTransparently() {
    ScriptRunner runner = new ScriptRunner(redis.client(), "test");
    CacheStore store = store(EvictionPolicy.LRU, 10, 0, runner);
    put(store, "a", E);
    if (!redis.hasFunctions()) {
      // Redis 6.2: FCALL is an unknown command, so the runner goes by EVALSHA for good, with
      // scripts without the flags line that a server before 7 cannot compile.
      assertTrue(!runner.usesFunctions());
      assertArrayEquals(b("v-a"), store.get(b("a"), K).value());
      assertTrue(redis.client().getScript().scriptExists(Script.GET.sha(false)).get(0));
      assertTrue(!redis.client().getScript().scriptExists(Script.GET.sha(true)).get(0));
      return;
    }
    assertTrue(runner.usesFunctions());
    assertTrue(libraryLoaded(), "the library is in Redis after the first call");

    // As after FUNCTION FLUSH or on a new server; deleting only ours leaves other users' code be.
    redis.client().getFunction().delete(Script.libraryName());
    assertArrayEquals(b("v-a"), store.get(b("a"), K).value());
    assertTrue(libraryLoaded(), "the library is loaded again once it is gone");
    assertTrue(runner.usesFunctions());

    // Another funccache version's library beside ours changes nothing.
    redis.client().getFunction().delete(Script.libraryName());
    redis.client().getFunction().loadAndReplace("funccache_0000000000000000",
        "redis.register_function('funccache_0000000000000000_get', function() return 1 end)");
    try {
      assertArrayEquals(b("v-a"), store.get(b("a"), K).value());
      assertTrue(libraryLoaded());
    } finally {
      redis.client().getFunction().delete("funccache_0000000000000000");
    }
  }

  @Test
  void withoutFunctionsOperationsGoByScriptsAndAFlushedScriptIsReloaded() {
    ScriptRunner runner = new ScriptRunner(redis.client(), "test", false);
    CacheStore store = store(EvictionPolicy.LFU, 10, 0, runner);
    put(store, "a", E);
    redis.client().getScript().scriptFlush();
    assertArrayEquals(b("v-a"), store.get(b("a"), K).value());
    // The flags line where the server compiles it (Redis 7 and later), none on Redis 6.2.
    assertTrue(redis.client().getScript().scriptExists(Script.GET.sha(redis.hasFunctions()))
        .get(0));
    assertTrue(!runner.usesFunctions());
  }

  @Test
  void bothFormsOfAnOperationAgreeOnABadHeader() {
    for (boolean functions : new boolean[] {true, false}) {
      ScriptRunner runner = new ScriptRunner(redis.client(), "test", functions);
      CacheKeys keys = CacheKeys.of("funccache:", namespace, "bad");
      // Layout 1's header (seven arguments), as a funccache before layout 2 sent it.
      List<byte[]> args = new ArrayList<>(List.of(b("1"), b("LRU"), b("10"), b("0"), b("0"),
          b("0"), b("o"), b("-2"), b("id")));
      javax.cache.CacheException e = org.junit.jupiter.api.Assertions.assertThrows(
          javax.cache.CacheException.class, () -> runner.run("bad", Script.GET, keys.index(), keys.encoded(), args));
      assertTrue(e.getMessage().contains("argument layout 1 is not supported (expected 2)"),
          e.getMessage());
      assertTrue(e.getMessage().contains("Cache 'bad'"), e.getMessage());
      // A later layout, and a header of this layout that does not parse.
      List<byte[]> later = new ArrayList<>(List.of(b("3:0:10:0:LRU:o"), b("-2"), b("id")));
      e = org.junit.jupiter.api.Assertions.assertThrows(javax.cache.CacheException.class,
          () -> runner.run("bad", Script.GET, keys.index(), keys.encoded(), later));
      assertTrue(e.getMessage().contains("argument layout 3 is not supported (expected 2)"),
          e.getMessage());
      List<byte[]> malformed = new ArrayList<>(List.of(b("2:0:ten:0:LRU:o"), b("-2"), b("id")));
      e = org.junit.jupiter.api.Assertions.assertThrows(javax.cache.CacheException.class,
          () -> runner.run("bad", Script.GET, keys.index(), keys.encoded(), malformed));
      assertTrue(e.getMessage().contains("malformed argument header"), e.getMessage());
      // A policy with state of its own, called without its state keys.
      List<byte[]> stateless = new ArrayList<>(List.of(b("2:0:10:0:S3FIFO:o"), b("-2"), b("id")));
      e = org.junit.jupiter.api.Assertions.assertThrows(javax.cache.CacheException.class,
          () -> runner.run("bad", Script.GET, keys.index(), keys.data(false), stateless));
      assertTrue(e.getMessage().contains("must declare its state keys"), e.getMessage());
    }
  }

  private static boolean libraryLoaded() {
    return redis.client().getFunction().list(Script.libraryName()).stream()
        .anyMatch(library -> library.getName().equals(Script.libraryName()));
  }
}
