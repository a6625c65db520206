package io.funccache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.OnDecodeFailure;
import io.funccache.RedisCacheConfiguration;
import io.funccache.codec.CodecException;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Values the codec cannot handle and corrupted bytes in Redis: clear errors, no lost data. */
@ExtendWith(RedisTest.class)
class BadInputTest {

  /** Not Serializable: the default codec cannot store it. */
  static final class Opaque {
    final int x = 1;
  }

  @Test
  void anUnencodableValueFailsClearlyAndWritesNothing(RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    Cache<String, Object> cache = manager.createCache("opaque", new MutableConfiguration<>());
    cache.put("keep", "me");
    CodecException e = assertThrows(CodecException.class, () -> cache.put("bad", new Opaque()));
    assertTrue(e.getMessage().contains("'opaque'"), e.getMessage());
    assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());
    assertFalse(cache.containsKey("bad"));
    assertThrows(CodecException.class,
        () -> cache.putAll(Map.of("ok", "fine", "bad", new Opaque())));
    assertFalse(cache.containsKey("ok"), "putAll encodes everything before writing anything");
    assertEquals("me", cache.get("keep"));
  }

  @Test
  void corruptedBytesUnderOneEntryFailThatEntryOnly(RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    // With the default (onDecodeFailure: miss) they would be a miss instead: DecodeFailureTest.
    Cache<String, String> cache = manager.createCache("corrupt",
        new RedisCacheConfiguration<String, String>().setOnDecodeFailure(OnDecodeFailure.THROW));
    cache.put("good", "value");
    cache.put("broken", "value");
    RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      String id = inspector.snapshot(raw.store().keys()).values().stream()
          .filter(s -> s.contains("broken")).findFirst().orElseThrow();
      inspector.write("HSET", raw.store().keys().values(),
          id.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
          new byte[] {(byte) 0xEE, 0x01, 0x02});
    }
    CodecException e = assertThrows(CodecException.class, () -> cache.get("broken"));
    assertTrue(e.getMessage().contains("'corrupt'") && e.getMessage().contains("broken"),
        e.getMessage());
    assertEquals("value", cache.get("good"));
    assertEquals(Map.of("good", "value"), Map.of("good", cache.getAll(Set.of("good")).get("good")));
    assertTrue(cache.remove("broken"), "a corrupted entry can still be removed");
  }
}
