package io.funccache.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.OnDecodeFailure;
import io.funccache.RedisCacheConfiguration;
import io.funccache.codec.CodecException;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Codecs chosen per cache, through the JCache API, and the allow-list across managers. */
@ExtendWith(RedisTest.class)
class CodecIntegrationTest {

  record Order(String id, List<String> items, BigDecimal total) implements Serializable {}

  @Test
  void theDefaultCodecRoundTripsJdkTypesCollectionsAndRecords(RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    Cache<Object, Object> cache = manager.createCache("anything", new MutableConfiguration<>());
    List<Object> values = List.of("text", 42L, 7, 3.5, true, new byte[0].length,
        UUID.fromString("00000000-0000-0000-0000-000000000001"), LocalDate.of(2026, 11, 25),
        new BigDecimal("1.10"), List.of(1, 2), Map.of("a", 1), Set.of("x"),
        new TreeMap<>(Map.of("k", List.of(1L))),
        new Order("o-1", List.of("pen"), new BigDecimal("2.50")));
    for (int i = 0; i < values.size(); i++) {
      cache.put(i, values.get(i));
    }
    for (int i = 0; i < values.size(); i++) {
      assertEquals(values.get(i), cache.get(i), "value " + i);
    }
    Order key = new Order("as-key", List.of(), BigDecimal.ONE);
    cache.put(key, "by record key");
    assertEquals("by record key", cache.get(new Order("as-key", List.of(), BigDecimal.ONE)));
  }

  @Test
  void anotherManagerReadsForeignClassesOnlyWhenAllowed(RedisTestContext redis) {
    CacheManager writer = redis.newManager();
    writer.createCache("orders", new MutableConfiguration<String, Object>())
        .put("o", new Order("o-1", List.of("pen"), BigDecimal.TEN));

    // A fresh manager stands for another JVM: it never wrote Order, so it refuses to build one
    // (as a miss by default; here as the error, which keeps the entry for the readers below).
    Cache<String, Object> stranger = redis.newManager().createCache("orders",
        new RedisCacheConfiguration<String, Object>().setOnDecodeFailure(OnDecodeFailure.THROW));
    CodecException refused = assertThrows(CodecException.class, () -> stranger.get("o"));
    assertTrue(refused.getMessage().contains("'orders'")
        && refused.getMessage().contains(Order.class.getName()), refused.getMessage());

    Cache<String, Object> allowed = redis.newManager().createCache("orders",
        new RedisCacheConfiguration<String, Object>()
            .setAllowedClasses(List.of(Order.class.getPackageName() + ".*")));
    assertEquals(new Order("o-1", List.of("pen"), BigDecimal.TEN), allowed.get("o"));

    Cache<String, Order> typed = redis.newManager().createCache("orders",
        new RedisCacheConfiguration<String, Order>().setTypes(String.class, Order.class));
    assertEquals(BigDecimal.TEN, typed.get("o").total(), "a declared value type is allowed");
  }

  @Test
  void jsonStringAndBytesCodecs(RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    Cache<String, Order> json = manager.createCache("json",
        new RedisCacheConfiguration<String, Order>().setTypes(String.class, Order.class)
            .setCodec("json"));
    Order order = new Order("o-2", List.of("a", "b"), new BigDecimal("9.99"));
    json.put("o", order);
    assertEquals(order, json.get("o"));

    Cache<String, String> strings = manager.createCache("strings",
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setCodec("string"));
    strings.put("k", "välue");
    assertEquals("välue", strings.get("k"));

    Cache<String, byte[]> bytes = manager.createCache("bytes",
        new RedisCacheConfiguration<String, byte[]>().setTypes(String.class, byte[].class)
            .setCodec("bytes"));
    IllegalArgumentException badCodec = assertThrows(IllegalArgumentException.class,
        () -> manager.createCache("bad-codec",
            new RedisCacheConfiguration<>().setCodec("no.such.Codec")));
    assertTrue(badCodec.getMessage().contains("bad-codec"), badCodec.getMessage());
    assertEquals(null, manager.getCache("bad-codec"), "a failed createCache leaves nothing");
    bytes.put("k", new byte[] {1, 2, 3});
    assertEquals(3, bytes.get("k").length);
  }
}
