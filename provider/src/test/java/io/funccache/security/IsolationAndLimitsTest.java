package io.funccache.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.RedisCache;
import io.funccache.config.ConfigLoader;
import io.funccache.config.FuncCacheSettings;
import io.funccache.store.CacheKeys;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Hostile names and keys stay in their own cache; oversized values and passwords stay out. */
@ExtendWith(RedisTest.class)
class IsolationAndLimitsTest {
  private static final List<String> HOSTILE_NAMES = List.of("plain", "a}b", "{tag}", "x:y",
      "x", "x:y:z", "star*", "what?", "new\nline", "日本語の名前", "%7D", "%", "a".repeat(5_000),
      "}{", ":", "a{b}c", " ", "tab\there");

  @Test
  void hostileCacheNamesNeverShareKeysOrBreakTheHashTag(RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    Set<String> allKeys = new HashSet<>();
    List<Cache<String, String>> caches = new ArrayList<>();
    for (String name : HOSTILE_NAMES) {
      Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<>());
      cache.put("k", name);
      caches.add(cache);
      CacheKeys keys = cache.unwrap(RedisCache.class).store().keys();
      for (Object key : keys.asList()) {
        String text = (String) key;
        assertTrue(allKeys.add(text), "two caches share the key " + text);
        // Redis hashes what stands between the first '{' and the first '}' after it.
        int open = text.indexOf('{');
        int close = text.indexOf('}', open);
        String tag = text.substring(open + 1, close);
        assertTrue(tag.startsWith(redis.namespace() + ":"), "tag " + tag);
        String escapedName = tag.substring(redis.namespace().length() + 1);
        assertFalse(escapedName.contains(":") || escapedName.contains("{"), "tag " + tag);
        assertEquals(close, text.lastIndexOf('}'), "a brace of the name escaped the tag: " + text);
      }
    }
    for (int i = 0; i < caches.size(); i++) {
      assertEquals(HOSTILE_NAMES.get(i), caches.get(i).get("k"), "cache " + i + " got another's value");
    }
  }

  @Test
  void hostileKeysStayEntriesOfTheirCache(RedisTestContext redis) {
    Cache<String, String> cache = redis.newManager().createCache("keys",
        new MutableConfiguration<>());
    Cache<String, String> neighbour = redis.newManager().createCache("keys2",
        new MutableConfiguration<>());
    for (String key : HOSTILE_NAMES) {
      cache.put(key, "v:" + key);
    }
    for (String key : HOSTILE_NAMES) {
      assertEquals("v:" + key, cache.get(key));
      assertNull(neighbour.get(key));
    }
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
      assertEquals(HOSTILE_NAMES.size(),
          inspector.assertInvariants(raw.store().keys(), 0).values().size());
    }
  }

  @Test
  void aValueOverMaxValueSizeIsRefusedBeforeAnythingIsSent(RedisTestContext redis) {
    Cache<String, String> cache = redis.newManager().createCache("limited",
        new RedisCacheConfiguration<String, String>().setMaxValueSize(1_000));
    cache.put("small", "x".repeat(900));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cache.put("big", "x".repeat(2_000)));
    assertTrue(e.getMessage().contains("'limited'") && e.getMessage().contains("1000"),
        e.getMessage());
    assertFalse(cache.containsKey("big"));
    assertThrows(IllegalArgumentException.class,
        () -> cache.putAll(java.util.Map.of("ok", "y", "big", "x".repeat(2_000))));
    assertFalse(cache.containsKey("ok"), "nothing of the batch was written");
  }

  @Test
  void passwordsNeverAppearInToStringOrSources() {
    Properties properties = new Properties();
    FuncCacheSettings settings = ConfigLoader.load(
        URI.create("redis://app:hunter2@127.0.0.1:6379/1"), getClass().getClassLoader(),
        properties);
    assertFalse(settings.toString().contains("hunter2"), settings.toString());
    assertFalse(settings.redis().toString().contains("hunter2"), settings.redis().toString());
    assertFalse(settings.source().contains("hunter2"), settings.source());
    assertTrue(settings.redis().toString().contains("****"));
  }
}
