package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.cache.RedisCache;
import io.funccache.testing.CapturedOutput;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RScript;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Keys that encode to more than 64 bytes (or start with byte 255) are stored under a 25-byte
 * digest id, with the key kept once beside the value (EntryIds, lib.lua's entry): every operation
 * still answers for the exact key.
 */
@ExtendWith(RedisTest.class)
class LongKeyTest {
  private static final String LONG = "k".repeat(149);

  private static Cache<String, String> cache(CacheManager manager, String name) {
    return manager.createCache(name, new RedisCacheConfiguration<String, String>()
        .setTypes(String.class, String.class).setMaxSize(100));
  }

  private static CacheKeys keys(Cache<?, ?> cache) {
    return cache.unwrap(RedisCache.class).store().keys();
  }

  private static List<byte[]> hashFields(RedisInspector inspector, String key) {
    return inspector.client().getScript(ByteArrayCodec.INSTANCE).eval(key, RScript.Mode.READ_ONLY,
        "return redis.call('HGETALL', KEYS[1])", RScript.ReturnType.LIST, List.of(key));
  }

  private static long count(RedisInspector inspector, String command, String key) {
    Long n = inspector.client().getScript(ByteArrayCodec.INSTANCE).eval(key, RScript.Mode.READ_ONLY,
        "return redis.call('" + command + "', KEYS[1])", RScript.ReturnType.LONG, List.of(key));
    return n;
  }

  @Test
  void aLongKeyIsStoredOnceBesideItsValueUnderADigestId(RedisTestContext test) throws Exception {
    Cache<String, String> cache = cache(test.newManager(), "long-layout");
    cache.put(LONG + "1", "value");
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      List<byte[]> fields = hashFields(inspector, keys(cache).values());
      assertEquals(2, fields.size());
      byte[] id = fields.get(0);
      String stored = new String(fields.get(1), StandardCharsets.ISO_8859_1);
      int colon = stored.indexOf(':');
      int length = Integer.parseInt(stored.substring(0, colon));
      byte[] encodedKey = stored.substring(colon + 1, colon + 1 + length)
          .getBytes(StandardCharsets.ISO_8859_1);
      assertTrue(new String(encodedKey, StandardCharsets.UTF_8).contains(LONG + "1"));
      String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(encodedKey));
      byte[] expected = ("\u00ff" + digest.substring(0, 24)).getBytes(StandardCharsets.ISO_8859_1);
      assertArrayEquals(expected, id);
      assertEquals(Set.of(new String(expected, StandardCharsets.ISO_8859_1)),
          inspector.assertInvariants(keys(cache), 100).index());
    }
  }

  @Test
  void aKeyOf64BytesIsItsOwnIdAndOneOf65IsNot(RedisTestContext test) {
    Cache<String, String> cache = cache(test.newManager(), "long-boundary");
    for (int length = 50; length <= 80; length++) {
      cache.put("x".repeat(length), "v" + length);
    }
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      Set<String> ids = inspector.assertInvariants(keys(cache), 100).index();
      int own = 0;
      for (String id : ids) {
        if (id.charAt(0) == '\u00ff') {
          assertEquals(25, id.length());
        } else {
          assertTrue(id.length() <= 64, "a key stored whole over 64 bytes: " + id.length());
          own++;
        }
      }
      // Whatever the codec adds to a string, at most 15 of these 31 keys fit in 64 bytes and at
      // least one of the shorter ones does: both forms are there.
      assertTrue(own > 0 && own < 31, "keys stored whole: " + own);
    }
    for (int length = 50; length <= 80; length++) {
      assertEquals("v" + length, cache.get("x".repeat(length)));
    }
  }

  @Test
  void aKeyOf25BytesStartingWithByte255IsStoredUnderItsDigestNotMistakenForOne(
      RedisTestContext test) {
    CacheManager manager = test.newManager();
    Cache<byte[], String> cache = manager.createCache("long-marked",
        new RedisCacheConfiguration<byte[], String>().setTypes(byte[].class, String.class)
            .setKeyCodec("bytes").setMaxSize(100));
    byte[] marked = new byte[25];
    java.util.Arrays.fill(marked, (byte) 'm');
    marked[0] = (byte) 0xFF;
    byte[] plain = marked.clone();
    plain[0] = 'p';
    cache.put(marked, "marked");
    cache.put(plain, "plain");
    assertEquals("marked", cache.get(marked.clone()));
    assertEquals("plain", cache.get(plain.clone()));
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      Set<String> ids = inspector.assertInvariants(keys(cache), 100).index();
      String markedAsId = new String(marked, StandardCharsets.ISO_8859_1);
      assertEquals(2, ids.size());
      assertFalse(ids.contains(markedAsId), "a key that looks like a digest id is not its own id");
      assertTrue(ids.contains(new String(plain, StandardCharsets.ISO_8859_1)));
    }
    List<String> keysSeen = new ArrayList<>();
    for (Cache.Entry<byte[], String> entry : cache) {
      keysSeen.add(entry.getValue() + "=" + HexFormat.of().formatHex(entry.getKey()));
    }
    keysSeen.sort(null);
    assertEquals(List.of("marked=" + HexFormat.of().formatHex(marked),
        "plain=" + HexFormat.of().formatHex(plain)), keysSeen);
  }

  @Test
  void everyOperationAnswersForTheExactLongKey(RedisTestContext test) {
    Cache<String, String> cache = cache(test.newManager(), "long-ops");
    String a = LONG + "a";
    String b = LONG + "b";
    assertNull(cache.get(a));
    assertTrue(cache.putIfAbsent(a, "1"));
    assertFalse(cache.putIfAbsent(a, "2"));
    assertFalse(cache.containsKey(b));
    assertTrue(cache.containsKey(a));
    assertEquals("1", cache.getAndPut(a, "3"));
    assertFalse(cache.replace(a, "1", "4"));
    assertTrue(cache.replace(a, "3", "4"));
    assertEquals("4", cache.getAndReplace(a, "5"));
    assertFalse(cache.replace(b, "x"));
    assertFalse(cache.remove(a, "4"));
    assertEquals("5", cache.get(a));

    Map<String, String> batch = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      batch.put(LONG + i, "v" + i);
    }
    cache.putAll(batch);
    Map<String, String> expected = new HashMap<>(batch);
    expected.put(a, "5");
    assertEquals(Map.of(LONG + 3, "v3", a, "5"), cache.getAll(Set.of(LONG + 3, a, b)));
    Map<String, String> iterated = new HashMap<>();
    for (Cache.Entry<String, String> entry : cache) {
      iterated.put(entry.getKey(), entry.getValue());
    }
    assertEquals(expected, iterated);
    assertEquals("v7-seen", cache.invoke(LONG + 7, (entry, args) -> {
      String seen = entry.getValue() + "-seen";
      entry.setValue(seen);
      return seen;
    }));
    assertEquals("v7-seen", cache.get(LONG + 7));

    assertTrue(cache.remove(a, "5"));
    assertEquals("v1", cache.getAndRemove(LONG + 1));
    cache.removeAll(Set.of(LONG + 2, LONG + 3));
    assertFalse(cache.containsKey(LONG + 2));
    assertEquals(17, iterated(cache).size());
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      assertEquals(17, inspector.assertInvariants(keys(cache), 100).index().size());
    }
  }

  private static List<String> iterated(Cache<String, String> cache) {
    List<String> out = new ArrayList<>();
    cache.forEach(entry -> out.add(entry.getKey()));
    return out;
  }

  @Test
  void anotherJvmsListenerHearsTheExactLongKey(RedisTestContext test) throws Exception {
    Cache<String, String> writer = cache(test.newManager(), "long-events");
    Cache<String, String> listening = cache(test.newManager(), "long-events");
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    listening.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(new Recorder(heard)), null, false, true));
    writer.put(LONG + "e", "1");
    writer.remove(LONG + "e");
    assertEquals("created " + LONG + "e", heard.poll(10, TimeUnit.SECONDS));
    assertEquals("removed " + LONG + "e", heard.poll(10, TimeUnit.SECONDS));
  }

  /** Records what it hears; serializable, as a listener factory needs. */
  static final class Recorder implements CacheEntryCreatedListener<String, String>,
      CacheEntryRemovedListener<String, String>, java.io.Serializable {
    private final transient BlockingQueue<String> heard;

    Recorder(BlockingQueue<String> heard) {
      this.heard = heard;
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> heard.add("created " + e.getKey()));
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> heard.add("removed " + e.getKey()));
    }
  }

  @Test
  void anotherKeysEntryUnderTheSameIdIsAMissAndGoes(RedisTestContext test) {
    Cache<String, String> cache = cache(test.newManager(), "long-collision");
    String a = LONG + "a";
    cache.put(a, "mine");
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      List<byte[]> fields = hashFields(inspector, keys(cache).values());
      byte[] id = fields.get(0);
      // What a second key of the same length and digest (b for a) would have left under this id.
      String mine = new String(fields.get(1), StandardCharsets.ISO_8859_1);
      int keyEnd = mine.indexOf(a) + a.length();
      String other = mine.substring(0, keyEnd - 1) + "b" + mine.substring(keyEnd);
      assertEquals(mine.length(), other.length());
      inspector.write("HSET", keys(cache).values(), id, other);
      assertNull(cache.get(a));
      assertEquals(0, count(inspector, "HLEN", keys(cache).values()));
      assertEquals(0, count(inspector, "ZCARD", keys(cache).index()));
      inspector.write("HSET", keys(cache).values(), id, other);
      inspector.write("ZADD", keys(cache).index(), 1, id);
      assertTrue(cache.putIfAbsent(a, "again"), "the other key's entry is not a's");
      assertEquals("again", cache.get(a));
      inspector.assertInvariants(keys(cache), 100);
    }
  }

  @Test
  void aLongKeyStoredWholeByAnEarlierLayoutIsDroppedWhenMet(RedisTestContext test) {
    Cache<String, String> cache = cache(test.newManager(), "long-leftover");
    cache.put(LONG, "old");
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      // Rewritten as layout 2 stored it: the encoded key its own id, the value alone. Its bytes
      // decode, so only the layout check keeps it out of the iteration.
      List<byte[]> fields = hashFields(inspector, keys(cache).values());
      String stored = new String(fields.get(1), StandardCharsets.ISO_8859_1);
      int colon = stored.indexOf(':');
      int length = Integer.parseInt(stored.substring(0, colon));
      byte[] encodedKey = stored.substring(colon + 1, colon + 1 + length)
          .getBytes(StandardCharsets.ISO_8859_1);
      byte[] encodedValue = stored.substring(colon + 1 + length)
          .getBytes(StandardCharsets.ISO_8859_1);
      inspector.write("DEL", keys(cache).values(), keys(cache).index());
      inspector.write("HSET", keys(cache).values(), encodedKey, encodedValue);
      inspector.write("ZADD", keys(cache).index(), 1, encodedKey);
      cache.put("short", "1");
      assertEquals(List.of("short"), iterated(cache));
      Set<String> ids = inspector.assertInvariants(keys(cache), 100).index();
      assertEquals(1, ids.size());
      assertFalse(ids.contains(new String(encodedKey, StandardCharsets.ISO_8859_1)));
    }
  }

  @Test
  void bindingACacheAnEarlierLayoutWroteWarnsOnce(RedisTestContext test) {
    Cache<String, String> cache = cache(test.newManager(), "long-upgrade");
    cache.put("a", "1");
    try (RedisInspector inspector = new RedisInspector(test.uri())) {
      inspector.write("HSET", keys(cache).meta(), "layout", "2");
    }
    try (CapturedOutput output = new CapturedOutput()) {
      assertEquals("1", cache(test.newManager(), "long-upgrade").get("a"));
      assertTrue(output.text().contains("'long-upgrade'") && output.text().contains("layout 2"),
          output.text());
    }
    try (CapturedOutput output = new CapturedOutput()) {
      cache(test.newManager(), "long-upgrade").get("a");
      assertFalse(output.text().contains("layout 2"), "bound since by this layout: " + output.text());
    }
  }
}
