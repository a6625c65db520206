package io.funccache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.store.CacheStore;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One logical cache over several hash tags: every operation sees all of it. */
@ExtendWith(RedisTest.class)
class ShardedCacheTest {

  private static RedisCacheConfiguration<Integer, String> sharded(int shards, long maxSize) {
    return new RedisCacheConfiguration<Integer, String>().setTypes(Integer.class, String.class)
        .setPolicy(EvictionPolicy.LRU).setMaxSize(maxSize).setShards(shards);
  }

  @Test
  void batchesIterationAndClearCoverEveryShard(RedisTestContext redis) {
    Cache<Integer, String> cache = redis.newManager().createCache("sharded", sharded(4, 0));
    Map<Integer, String> all = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      all.put(i, "v" + i);
    }
    cache.putAll(all);
    assertEquals(all, cache.getAll(all.keySet()));
    Set<Integer> seen = new HashSet<>();
    for (Cache.Entry<Integer, String> entry : cache) {
      assertTrue(seen.add(entry.getKey()), "twice: " + entry.getKey());
    }
    assertEquals(all.keySet(), seen);
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      for (CacheStore shard : cache.unwrap(RedisCache.class).store().shards()) {
        int size = inspector.assertInvariants(shard.keys(), 0).values().size();
        assertTrue(size > 50, "shard " + shard.keys().values() + " holds only " + size);
      }
    }
    cache.removeAll(Set.of(1, 2, 3));
    assertFalse(cache.containsKey(2));
    assertEquals(497, cache.getAll(all.keySet()).size());
    cache.put(7, "changed");
    assertEquals("changed", cache.get(7));
    cache.clear();
    assertFalse(cache.iterator().hasNext());
  }

  @Test
  void destroyingAShardedCacheThatIsNotOpenHereRemovesEveryShard(RedisTestContext redis) {
    Cache<Integer, String> cache = redis.newManager().createCache("elsewhere", sharded(3, 0));
    for (int i = 0; i < 100; i++) {
      cache.put(i, "v" + i);
    }
    var shards = cache.unwrap(RedisCache.class).store().shards();
    CacheManager other = redis.newManager(); // another JVM, as far as Redis can tell
    other.destroyCache("elsewhere");
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      for (Object shard : shards) {
        var keys = ((CacheStore) shard).keys();
        assertEquals(Set.of(), inspector.snapshot(keys).values(), keys.values());
        assertEquals(0, inspector.client().getKeys().countExists(keys.meta()), keys.meta());
      }
    }
  }

  @Test
  void maxSizeIsSplitExactlyOverTheShards(RedisTestContext redis) {
    Cache<Integer, String> cache = redis.newManager().createCache("bounded", sharded(3, 10));
    for (int i = 0; i < 200; i++) {
      cache.put(i, "v");
    }
    int total = 0;
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      var shards = cache.unwrap(RedisCache.class).store().shards();
      long[] bounds = {4, 3, 3};
      for (int i = 0; i < shards.size(); i++) {
        total += inspector.assertInvariants(shards.get(i).keys(), bounds[i]).values().size();
      }
    }
    assertEquals(10, total);
    CacheManager manager = redis.newManager();
    assertThrows(IllegalArgumentException.class,
        () -> manager.createCache("too-small", sharded(4, 3)));
  }

  @Test
  void anotherManagerSeesTheSameShards(RedisTestContext redis) {
    Cache<Integer, String> a = redis.newManager().createCache("shared", sharded(5, 0));
    Cache<Integer, String> b = redis.newManager().createCache("shared", sharded(5, 0));
    for (int i = 0; i < 100; i++) {
      a.put(i, "a" + i);
    }
    for (int i = 0; i < 100; i++) {
      assertEquals("a" + i, b.get(i));
    }
  }
}
