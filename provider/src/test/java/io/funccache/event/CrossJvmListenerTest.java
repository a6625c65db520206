package io.funccache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.cache.RedisCache;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisTest;
import io.funccache.testing.RedisTest.RedisTestContext;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.redisson.api.RTopic;
import org.redisson.client.codec.ByteArrayCodec;

/** Another JVM's writes reach this JVM's listeners over pub/sub, and only while someone listens. */
@ExtendWith(RedisTest.class)
class CrossJvmListenerTest {

  /** Puts every event it hears on a queue, as "TYPE key old->new". */
  static final class Queueing implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      Serializable {
    final transient BlockingQueue<String> heard = new LinkedBlockingQueue<>();

    private void record(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        heard.add(e.getEventType() + " " + e.getKey() + " " + e.getOldValue() + "->"
            + e.getValue());
      }
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(events);
    }

    String next() throws InterruptedException {
      String event = heard.poll(10, TimeUnit.SECONDS);
      assertNotNull(event, "no event arrived within 10 s");
      return event;
    }
  }

  @Test
  void anotherManagersWritesReachOurListenersWithOldValues(RedisTestContext redis)
      throws Exception {
    Cache<String, String> writer = redis.newManager().createCache("shared",
        new MutableConfiguration<>());
    Cache<String, String> listening = redis.newManager().createCache("shared",
        new MutableConfiguration<>());
    Queueing listener = new Queueing();
    listening.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
        FactoryBuilder.factoryOf(listener), null, true, true));

    writer.put("k", "v1");
    writer.put("k", "v2");
    writer.putAll(Map.of("m", "x"));
    writer.remove("k");
    assertEquals("CREATED k null->v1", listener.next());
    assertEquals("UPDATED k v1->v2", listener.next());
    assertEquals("CREATED m null->x", listener.next());
    assertEquals("REMOVED k v2->v2", listener.next());

    // Our own writes reach our listeners once, synchronously, not a second time from Redis.
    listening.put("own", "o");
    assertEquals("CREATED own null->o", listener.heard.poll());
    writer.put("marker", "m");
    assertEquals("CREATED marker null->m", listener.next());
    assertNull(listener.heard.poll(), "our own change came back over pub/sub");
  }

  @Test
  void scriptsPublishOnlyWhileSomeJvmListens(RedisTestContext redis) throws Exception {
    Cache<String, String> writer = redis.newManager().createCache("quiet",
        new MutableConfiguration<>());
    BlockingQueue<String> raw = new LinkedBlockingQueue<>();
    try (RedisInspector inspector = new RedisInspector(redis.uri())) {
      RTopic topic = inspector.client().getTopic(
          writer.unwrap(RedisCache.class).store().keys().events(), ByteArrayCodec.INSTANCE);
      topic.addListener(byte[].class, (channel, message) -> raw.add(new String(message,
          java.nio.charset.StandardCharsets.ISO_8859_1)));

      writer.put("unheard", "1");
      Cache<String, String> other = redis.newManager().createCache("quiet",
          new MutableConfiguration<>());
      other.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(new Queueing()), null, false, false));
      writer.put("heard", "2");

      String first = raw.poll(10, TimeUnit.SECONDS);
      assertNotNull(first);
      assertTrue(first.contains("heard") && !first.contains("unheard"),
          "the write made before anyone listened was published: " + first);
      assertFalse(raw.stream().anyMatch(m -> m.contains("unheard")));
    }
  }
}
