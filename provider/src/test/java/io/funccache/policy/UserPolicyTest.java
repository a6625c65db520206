package io.funccache.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.funccache.config.ConfigException;
import io.funccache.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies of the user's own, from funccache.yaml's policies: section, on a real Redis. */
class UserPolicyTest {
  /** Evicts the newest insert; hits change nothing. Small enough to read at a glance. */
  private static final String NEWEST = """
      register_policy('NEWEST', {
        takes_seq = true,
        insert = function(id) return next_seq() end,
        hit = function(id, current) return nil end,
        update = function(id) return nil end,
        victim = function() return redis.call('ZPOPMAX', K_INDEX)[1] end,
        rescored = function(position) return position end,
      })
      """;

  @TempDir
  Path dir;

  private CacheManager manager(String yaml) throws IOException {
    Path file = dir.resolve("funccache.yaml");
    Files.writeString(file, "redis:\n  url: " + RedisServer.uri() + "\n" + yaml);
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", "user-policy-" + UUID.randomUUID());
    return new RedisCachingProvider().getCacheManager(file.toUri(), getClass().getClassLoader(),
        properties);
  }

  private static RedisCacheConfiguration<String, String> config(String policy, long maxSize) {
    return new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
        .setPolicy(policy).setMaxSize(maxSize);
  }

  @Test
  void aPolicyFromAFileRunsInRedisForCachesThatNameIt() throws IOException {
    Files.writeString(dir.resolve("newest.lua"), NEWEST);
    try (CacheManager manager = manager("""
        policies:
          newest: newest.lua
        caches:
          recent: { policy: newest, maxSize: 3, keyType: java.lang.String, valueType: java.lang.String }
        """)) {
      Cache<String, String> recent = manager.getCache("recent", String.class, String.class);
      for (String key : new String[] {"a", "b", "c", "d"}) {
        recent.put(key, key);
      }
      assertEquals(Set.of("a", "b", "d"), keys(recent, "a", "b", "c", "d"), "c, the newest, went");
      // The same policy by name in code, and checked against its model.
      Cache<String, String> checked = manager.createCache("checked", config("NEWEST", 5));
      PolicyCheck.of(checked, new NewestModel(5)).operations(600).run();
      manager.destroyCache("recent");
      manager.destroyCache("checked");
    }
  }

  @Test
  void theCheckFailsForAModelThePolicyDoesNotFollow() throws IOException {
    Files.writeString(dir.resolve("newest.lua"), NEWEST);
    try (CacheManager manager = manager("policies:\n  NEWEST: newest.lua\n")) {
      Cache<String, String> lru = manager.createCache("lru", config("LRU", 5));
      AssertionError wrong = assertThrows(AssertionError.class,
          () -> PolicyCheck.of(lru, new NewestModel(5)).operations(600).run());
      assertTrue(wrong.getMessage().contains("cache 'lru'"), wrong.getMessage());
      manager.destroyCache("lru");
    }
  }

  @Test
  void badPolicyDeclarationsFailTheManagerNamingTheKeyAndTheCause() throws IOException {
    Files.writeString(dir.resolve("newest.lua"), NEWEST);
    assertMessage("policies.GONE", "cannot be read", "policies:\n  GONE: missing.lua\n");
    assertMessage("policies.OTHER", "does not register it", "policies:\n  OTHER: newest.lua\n");
    assertMessage("policies.LRU", "built-in policy", "policies:\n  LRU: newest.lua\n");
    assertMessage("policies.bad-name", "upper-case letters", "policies:\n  bad-name: newest.lua\n");
    assertMessage("policies.NOWHERE", "was not found on the class path",
        "policies:\n  NOWHERE: classpath:no/such/policy.lua\n");
    assertMessage("caches.c.policy", "declared under policies: [NEWEST]",
        "policies:\n  NEWEST: newest.lua\ncaches:\n  c: { policy: NEWER }\n");
  }

  private void assertMessage(String path, String cause, String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> manager(yaml).close());
    assertTrue(e.getMessage().contains(path) && e.getMessage().contains(cause), e.getMessage());
  }

  @Test
  void aCacheNamingAPolicyTheManagerDoesNotKnowIsRefusedByName() throws IOException {
    try (CacheManager manager = manager("")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> manager.createCache("orders", config("NEWEST", 5)));
      assertTrue(e.getMessage().contains("'orders'") && e.getMessage().contains("NEWEST"),
          e.getMessage());
      assertFalse(manager.getCacheNames().iterator().hasNext(), "nothing was left open");
    }
  }

  @Test
  void aPolicyThatFailsInLuaIsNamedWithItsFileAndLine() throws IOException {
    Files.writeString(dir.resolve("broken.lua"), """
        register_policy('BROKEN', {
          insert = function(id) return next_seq() end,
          hit = function(id, current) return nil end,
          update = function(id) return nil end,
          victim = function() return redis.call('NO_SUCH_COMMAND', K_INDEX) end,
          rescored = function(position) return position end,
        })
        """);
    try (CacheManager manager = manager("policies:\n  BROKEN: broken.lua\n")) {
      Cache<String, String> cache = manager.createCache("fragile", config("BROKEN", 1));
      cache.put("a", "1");
      CacheException e = assertThrows(CacheException.class, () -> cache.put("b", "2"));
      assertTrue(e.getMessage().contains("'fragile'")
          && e.getMessage().contains("BROKEN (broken.lua) line 5"), e.getMessage());
      assertEquals("1", cache.get("a"), "the failed put lost no data");
      manager.destroyCache("fragile");
    }
  }

  private static Set<String> keys(Cache<String, String> cache, String... candidates) {
    Set<String> present = new TreeSet<>();
    for (String key : candidates) {
      if (cache.containsKey(key)) {
        present.add(key);
      }
    }
    return present;
  }

  /** NEWEST in Java. */
  private static final class NewestModel implements PolicyModel {
    private final int maxSize;
    private final java.util.LinkedHashSet<String> order = new java.util.LinkedHashSet<>();

    NewestModel(int maxSize) {
      this.maxSize = maxSize;
    }

    @Override
    public boolean get(String key) {
      return order.contains(key);
    }

    @Override
    public void put(String key) {
      if (order.contains(key)) {
        return;
      }
      if (order.size() >= maxSize) {
        String newest = null;
        for (String k : order) {
          newest = k;
        }
        order.remove(newest);
      }
      order.add(key);
    }

    @Override
    public void remove(String key) {
      order.remove(key);
    }

    @Override
    public Set<String> keys() {
      return new TreeSet<>(order);
    }
  }
}
