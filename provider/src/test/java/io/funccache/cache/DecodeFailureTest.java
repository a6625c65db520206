package io.funccache.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.OnDecodeFailure;
import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.funccache.codec.CodecContext;
import io.funccache.codec.CodecException;
import io.funccache.codec.JavaCodec;
import io.funccache.codec.gadget.GadgetFlags;
import io.funccache.codec.planted.Planted;
import io.funccache.config.ConfigException;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * onDecodeFailure: bytes in Redis a cache cannot decode (a class it may not build, corrupt
 * bytes) are a miss that drops the entry, or a CodecException, and never build a refused class.
 */
@ExtendWith(RedisTest.class)
class DecodeFailureTest {
  private static final JavaCodec KEYS = new JavaCodec(new CodecContext("keys",
      DecodeFailureTest.class.getClassLoader(), Object.class, List.of()));
  private static final byte[] GADGET_JSON = ("{\"@class\":\"io.funccache.codec.gadget.Gadget\","
      + "\"value\":\"x\"}").getBytes(StandardCharsets.UTF_8);

  private Warnings warnings;

  @BeforeEach
  void start() {
    Planted.reset();
    GadgetFlags.initialized = false;
    GadgetFlags.constructed = false;
    warnings = new Warnings();
  }

  @AfterEach
  void stop() {
    warnings.close();
    RewritingCodec.beforeFailing = () -> { };
  }

  @Test
  void aRefusedClassIsAMissThatDropsTheEntryCountsItAndWarnsOnce(RedisTestContext redis) {
    Cache<String, Object> cache = redis.newManager().createCache("plants",
        new MutableConfiguration<String, Object>().setStatisticsEnabled(true));
    RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
    assertEquals(OnDecodeFailure.MISS,
        cache.getConfiguration(RedisCacheConfiguration.class).getOnDecodeFailure(),
        "miss is the default");
    // Encoded by another codec instance (another JVM, say): this cache never wrote a Planted.
    byte[] planted = new JavaCodec(new CodecContext("plants", getClass().getClassLoader(),
        Object.class, List.of())).encode(new Planted("p"));
    Planted.reset();
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      plant(inspector, raw, "a", planted);
      plant(inspector, raw, "b", planted);

      assertNull(cache.get("a"));
      assertNull(raw.store().peek(id("a")).value(), "the undecodable entry is gone from Redis");
      assertEquals(1, raw.statistics().getCacheMisses());
      assertEquals(0, raw.statistics().getCacheHits());
      assertEquals(1, raw.statistics().getUndecodableEntries());
      assertNull(cache.get("b"));
      assertNull(raw.store().peek(id("b")).value());
      assertEquals(2, raw.statistics().getCacheMisses());
      assertEquals(2, raw.statistics().getUndecodableEntries());
    }
    assertFalse(Planted.baseConstructorRan, "a refused class is never constructed");
    assertFalse(Planted.readObjectRan);

    assertEquals(1, warnings.messages().size(), "one warning per cache and class: "
        + warnings.messages());
    String warning = warnings.messages().get(0);
    assertTrue(warning.contains("'plants'") && warning.contains(Planted.class.getName())
        && warning.contains("allowedClasses") && warning.contains("\"io.funccache.codec.planted.*\""),
        warning);

    cache.put("a", "fine again");
    assertEquals("fine again", cache.get("a"));
  }

  @Test
  void corruptBytesWarnOncePerCauseAndEachCacheWarnsForItself(RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    Cache<String, String> first = manager.createCache("first", new MutableConfiguration<>());
    Cache<String, String> second = manager.createCache("second", new MutableConfiguration<>());
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      for (Cache<String, String> cache : List.of(first, second)) {
        RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
        plant(inspector, raw, "tag", new byte[] {(byte) 0xEE, 1, 2});
        plant(inspector, raw, "other-tag", new byte[] {(byte) 0xEF});
        plant(inspector, raw, "short", new byte[] {'J', 1});
        assertNull(cache.get("tag"));
        assertNull(cache.get("other-tag"));
        assertNull(cache.get("short"));
        assertEquals(3, raw.statistics().getUndecodableEntries());
      }
    }
    assertEquals(2, warnings.messages().size(), "one per cache for one cause: "
        + warnings.messages());
    assertTrue(warnings.messages().get(0).contains("'first'"), warnings.messages().get(0));
    assertTrue(warnings.messages().get(1).contains("'second'"), warnings.messages().get(1));
  }

  /** A value class (not a record: records skip the serialVersionUID check). */
  static final class Versioned implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final String name;

    Versioned(String name) {
      this.name = name;
    }
  }

  @Test
  void aClassThatChangedIncompatiblySinceTheWriteIsAMissNamingTheClass(RedisTestContext redis) {
    Cache<String, Versioned> cache = redis.newManager().createCache("versions",
        new RedisCacheConfiguration<String, Versioned>().setTypes(String.class, Versioned.class));
    RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
    // What an earlier deployment wrote: the same class with another serialVersionUID.
    byte[] written = new JavaCodec(new CodecContext("versions", getClass().getClassLoader(),
        Versioned.class, List.of())).encode(new Versioned("v1"));
    byte[] name = Versioned.class.getName().getBytes(StandardCharsets.UTF_8);
    int at = indexOf(written, name) + name.length; // the descriptor's 8-byte serialVersionUID
    written[at + 7] ^= 0x55;
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      plant(inspector, raw, "old", written);
      assertNull(cache.get("old"));
      assertNull(raw.store().peek(id("old")).value());
    }
    assertEquals(1, warnings.messages().size(), warnings.messages().toString());
    assertTrue(warnings.messages().get(0).contains("class " + Versioned.class.getName()
        + " (changed incompatibly)"), warnings.messages().get(0));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  @Test
  void throwFailsEveryReadNamingCacheAndKeyAndKeepsTheEntry(RedisTestContext redis) {
    Cache<String, Object> cache = redis.newManager().createCache("strict",
        new RedisCacheConfiguration<String, Object>().setOnDecodeFailure(OnDecodeFailure.THROW));
    RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
    byte[] planted = new JavaCodec(new CodecContext("strict", getClass().getClassLoader(),
        Object.class, List.of())).encode(new Planted("p"));
    Planted.reset();
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      plant(inspector, raw, "a", planted);
      for (int read = 0; read < 2; read++) {
        CodecException e = assertThrows(CodecException.class, () -> cache.get("a"));
        assertTrue(e.getMessage().contains("'strict'") && e.getMessage().contains("key a")
            && e.getMessage().contains(Planted.class.getName())
            && e.getMessage().contains("allowedClasses"), e.getMessage());
        assertEquals(Planted.class.getName(), e.refusedClass());
      }
      assertThrows(CodecException.class, () -> cache.getAll(Set.of("a")));
      assertThrows(CodecException.class, () -> cache.invoke("a", (entry, args) -> entry.exists()));
      assertThrows(CodecException.class, () -> cache.iterator().hasNext());
      assertArrayEquals(planted, raw.store().peek(id("a")).value(), "nothing is dropped");
    }
    assertFalse(Planted.baseConstructorRan);
    assertFalse(Planted.readObjectRan);
    assertEquals(0, raw.statistics().getUndecodableEntries());
    assertEquals(List.of(), warnings.messages(), "the exception is the report");
    cache.put("a", "overwritten");
    assertEquals("overwritten", cache.get("a"));
  }

  @Test
  void aPlantedJsonGadgetIsNeverInstantiatedInEitherMode(RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    Cache<String, Object> lenient = manager.createCache("json-miss",
        new RedisCacheConfiguration<String, Object>().setCodec("json"));
    Cache<String, Object> strict = manager.createCache("json-throw",
        new RedisCacheConfiguration<String, Object>().setCodec("json")
            .setOnDecodeFailure(OnDecodeFailure.THROW));
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      plant(inspector, lenient.unwrap(RedisCache.class), "g", GADGET_JSON);
      plant(inspector, strict.unwrap(RedisCache.class), "g", GADGET_JSON);
      assertNull(lenient.get("g"));
      CodecException e = assertThrows(CodecException.class, () -> strict.get("g"));
      assertTrue(e.getMessage().contains("'json-throw'")
          && e.getMessage().contains("io.funccache.codec.gadget.Gadget"), e.getMessage());
    }
    assertFalse(GadgetFlags.initialized, "a refused class is not even initialized");
    assertFalse(GadgetFlags.constructed);
    assertEquals(1, warnings.messages().size(), warnings.messages().toString());
    assertTrue(warnings.messages().get(0).contains("io.funccache.codec.gadget.Gadget")
        && warnings.messages().get(0).contains("allowedClasses"), warnings.messages().get(0));
  }

  @Test
  void aValueRewrittenBetweenTheReadAndTheDropIsKept(RedisTestContext redis) {
    Cache<String, String> cache = redis.newManager().createCache("race",
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setCodec(RewritingCodec.class.getName()));
    RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
    byte[] good = new JavaCodec(new CodecContext("race", getClass().getClassLoader(),
        String.class, List.of())).encode("rewritten");
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      plant(inspector, raw, "k", new byte[] {'!', 'x'});
      // Another client writes a good value after the read fetched the bad bytes, before the drop.
      RewritingCodec.beforeFailing = () -> plant(inspector, raw, "k", good);
      assertNull(cache.get("k"), "the read itself saw undecodable bytes");
      RewritingCodec.beforeFailing = () -> { };
      assertArrayEquals(good, raw.store().peek(id("k")).value(), "the good write is not lost");
      assertEquals(0, raw.statistics().getUndecodableEntries(), "nothing was dropped");
      assertEquals("rewritten", cache.get("k"));
    }
  }

  @Test
  void everyReadPathTreatsUndecodableBytesAsMissing(RedisTestContext redis) {
    Cache<String, String> cache = redis.newManager().createCache("paths",
        new MutableConfiguration<String, String>().setStatisticsEnabled(true));
    RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
    byte[] bad = {(byte) 0xEE};
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      cache.put("good", "value");
      plant(inspector, raw, "a", bad);
      assertEquals(Map.of("good", "value"), cache.getAll(Set.of("a", "good")));
      assertNull(raw.store().peek(id("a")).value());
      assertEquals(1, raw.statistics().getCacheMisses());

      plant(inspector, raw, "a", bad);
      assertNull(cache.getAndPut("a", "put"), "an old value that cannot be decoded is none");
      assertEquals("put", cache.get("a"));
      plant(inspector, raw, "a", bad);
      assertNull(cache.getAndReplace("a", "replaced"));
      assertEquals("replaced", cache.get("a"));
      plant(inspector, raw, "a", bad);
      assertNull(cache.getAndRemove("a"));
      assertNull(raw.store().peek(id("a")).value());

      plant(inspector, raw, "a", bad);
      assertTrue(cache.containsKey("a"), "containsKey does not decode");
      assertEquals(Boolean.FALSE, cache.<Boolean>invoke("a", (entry, args) -> entry.exists()),
          "an entry processor sees a missing entry");
      assertNull(raw.store().peek(id("a")).value());
      plant(inspector, raw, "a", bad);
      assertEquals("set", cache.invoke("a", (entry, args) -> {
        entry.setValue("set");
        return entry.getValue();
      }));
      assertEquals("set", cache.get("a"));

      plant(inspector, raw, "a", bad);
      byte[] badKey = {(byte) 0xEE, 'k'};
      plantId(inspector, raw, badKey, KEYS.encode("v"));
      List<String> seen = new ArrayList<>();
      cache.forEach(entry -> seen.add(entry.getKey() + "=" + entry.getValue()));
      assertEquals(List.of("good=value"), seen, "the iterator skips what it cannot decode");
      assertNull(raw.store().peek(id("a")).value());
      assertNull(raw.store().peek(badKey).value(), "an entry whose key cannot be decoded is dropped");
    }
    assertEquals(5, raw.statistics().getUndecodableEntries(),
        "getAll, invoke twice and the iterator twice dropped entries");
  }

  @Test
  void readThroughSingleFlightAndTheNearCacheRecomputeOverUndecodableBytes(
      RedisTestContext redis) {
    CacheManager manager = redis.newManager();
    AtomicInteger loads = new AtomicInteger();
    Cache<String, String> readThrough = manager.createCache("loaded",
        new MutableConfiguration<String, String>().setTypes(String.class, String.class)
            .setReadThrough(true).setCacheLoaderFactory(
                FactoryBuilder.factoryOf(new CountingLoader(loads))));
    RedisCache<String, String> flight = manager.createCache("flight",
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setSingleFlight(true)).unwrap(RedisCache.class);
    Cache<String, String> near = manager.createCache("near",
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setNearCacheMaxSize(100));
    byte[] bad = {(byte) 0xEE};
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      plant(inspector, readThrough.unwrap(RedisCache.class), "k", bad);
      assertEquals("loaded k", readThrough.get("k"));
      assertEquals("loaded k", readThrough.get("k"), "the loaded value was stored");

      plant(inspector, flight, "k", bad);
      assertEquals("computed", flight.getOrCompute("k", key -> "computed"));
      assertEquals("computed", flight.get("k"));

      RedisCache<?, ?> nearRaw = near.unwrap(RedisCache.class);
      plant(inspector, nearRaw, "k", bad);
      assertNull(near.get("k"));
      assertNull(nearRaw.store().nearCache().get(id("k")), "the near cache keeps no bad bytes");
      assertNull(nearRaw.store().peek(id("k")).value());
      near.put("k", "v");
      assertEquals("v", near.get("k"));
    }
    assertEquals(1, loads.get());
  }

  @Test
  void listenersAreNotToldOfChangesTheyCannotDecode(RedisTestContext redis) throws Exception {
    Cache<String, Object> writer = redis.newManager().createCache("events",
        new MutableConfiguration<>());
    Cache<String, Object> reader = redis.newManager().createCache("events",
        new MutableConfiguration<>());
    Heard heard = new Heard();
    reader.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(heard), null, true, false));
    List<Planted> planted = List.of(new Planted("1"), new Planted("2"));
    Planted.reset(); // constructing them above ran the flagged constructor
    writer.put("p1", planted.get(0));
    writer.put("p2", planted.get(1));
    writer.put("marker", "m");
    // Delivered in publication order: had the Planted changes been delivered, they came first.
    assertEquals("CREATED marker", heard.events.poll(10, TimeUnit.SECONDS));
    assertFalse(Planted.baseConstructorRan);
    assertFalse(Planted.readObjectRan);
    assertEquals(1, warnings.messages().size(), warnings.messages().toString());
    assertTrue(warnings.messages().get(0).contains(Planted.class.getName()),
        warnings.messages().get(0));
  }

  @Test
  void removeAllRemovesAnEntryWhoseKeyCannotBeDecoded(RedisTestContext redis) throws Exception {
    Cache<String, String> cache = redis.newManager().createCache("all",
        new MutableConfiguration<>());
    Heard heard = new Heard();
    cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(heard), null, false, true));
    RedisCache<?, ?> raw = cache.unwrap(RedisCache.class);
    byte[] badKey = {(byte) 0xEE, 'k'};
    cache.put("good", "v");
    assertEquals("CREATED good", heard.events.poll());
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      plantId(inspector, raw, badKey, KEYS.encode("v"));
    }
    cache.removeAll(); // with a removal listener, the cache walks its keys
    assertEquals("REMOVED good", heard.events.poll());
    assertNull(heard.events.poll(), "nothing can be said of a key that cannot be decoded");
    assertNull(raw.store().peek(badKey).value(), "but it is removed all the same");
    assertNull(raw.store().peek(id("good")).value());
    assertEquals(1, raw.statistics().getUndecodableEntries());
  }

  @Test
  void theSettingComesFromTheConfigFileAndABadValueFailsNamingTheCache(RedisTestContext redis,
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("funccache.yaml");
    Files.writeString(file, "redis:\n  url: " + RedisServer.uri() + "\n"
        + "defaults:\n  onDecodeFailure: throw\n"
        + "caches:\n  lenient:\n    onDecodeFailure: Miss\n");
    CacheManager manager = open(redis, file);
    try {
      assertEquals(OnDecodeFailure.MISS, manager.getCache("lenient")
          .getConfiguration(RedisCacheConfiguration.class).getOnDecodeFailure());
      assertEquals(OnDecodeFailure.THROW, manager.createCache("created",
          new MutableConfiguration<>()).getConfiguration(RedisCacheConfiguration.class)
          .getOnDecodeFailure(), "a plain MutableConfiguration takes the file's defaults");
    } finally {
      for (String name : manager.getCacheNames()) {
        manager.destroyCache(name);
      }
      manager.close();
    }

    Files.writeString(file, "caches:\n  orders:\n    onDecodeFailure: skip\n");
    Exception e = assertThrows(Exception.class, () -> open(redis, file));
    Throwable config = e;
    while (!(config instanceof ConfigException) && config.getCause() != null) {
      config = config.getCause();
    }
    assertTrue(config instanceof ConfigException, e.toString());
    assertTrue(config.getMessage().contains("caches.orders.onDecodeFailure")
        && config.getMessage().contains("'skip'") && config.getMessage().contains("miss or throw"),
        config.getMessage());

    RedisCacheConfiguration<Object, Object> throwing =
        new RedisCacheConfiguration<>().setOnDecodeFailure(OnDecodeFailure.THROW);
    assertEquals(OnDecodeFailure.THROW,
        new RedisCacheConfiguration<>(throwing).getOnDecodeFailure(), "copied");
    assertFalse(throwing.equals(new RedisCacheConfiguration<>()));
    assertThrows(NullPointerException.class, () -> throwing.setOnDecodeFailure(null));
  }

  private static CacheManager open(RedisTestContext redis, Path file) {
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", redis.namespace());
    return new RedisCachingProvider().getCacheManager(file.toUri(),
        DecodeFailureTest.class.getClassLoader(), properties);
  }

  /** Writes {@code value} under the entry of {@code key} straight into Redis. */
  private static void plant(RedisInspector inspector, RedisCache<?, ?> cache, String key,
      byte[] value) {
    plantId(inspector, cache, id(key), value);
  }

  private static void plantId(RedisInspector inspector, RedisCache<?, ?> cache, byte[] id,
      byte[] value) {
    inspector.write("HSET", cache.store().keys().values(), id, value);
    inspector.write("ZADD", cache.store().keys().index(), "1", id);
  }

  /** The entry id of a String key under the default key codec. */
  private static byte[] id(String key) {
    return KEYS.encode(key);
  }

  /**
   * Collects the warnings of this package's classes (DecodeFailures, RemoteEvents, ...):
   * System.Logger goes to java.util.logging, where a package's logger hears its classes'.
   */
  private static final class Warnings extends Handler {
    private final Logger logger = Logger.getLogger(DecodeFailures.class.getPackageName());
    private final List<String> messages = new CopyOnWriteArrayList<>();

    Warnings() {
      logger.addHandler(this);
    }

    List<String> messages() {
      return messages;
    }

    @Override
    public void publish(LogRecord record) {
      if (record.getLevel() == Level.WARNING) {
        messages.add(record.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }

  /** Queues "TYPE key" for every event it hears. */
  static final class Heard implements CacheEntryCreatedListener<String, Object>,
      CacheEntryRemovedListener<String, Object>, java.io.Serializable {
    final transient BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ?>> heard) {
      heard.forEach(e -> events.add(e.getEventType() + " " + e.getKey()));
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ?>> heard) {
      heard.forEach(e -> events.add(e.getEventType() + " " + e.getKey()));
    }
  }

  /** Loads "loaded <key>" and counts its calls. */
  public static final class CountingLoader implements CacheLoader<String, String>,
      java.io.Serializable {
    private final transient AtomicInteger loads;

    CountingLoader(AtomicInteger loads) {
      this.loads = loads;
    }

    @Override
    public String load(String key) {
      loads.incrementAndGet();
      return "loaded " + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> out = new java.util.HashMap<>();
      keys.forEach(key -> out.put(key, load(key)));
      return out;
    }
  }
}
