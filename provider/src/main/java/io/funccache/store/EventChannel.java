package io.funccache.store;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * The changes other JVMs make to one cache, as the scripts publish them (see lib.lua, notify).
 * Subscribed only while a listener in this JVM wants them.
 */
public final class EventChannel {
  private static final int LENGTH_DIGITS = 10;

  private final RTopic topic;
  private int subscription = -1;

  public EventChannel(RedissonClient client, CacheKeys keys) {
    this.topic = client.getTopic(keys.events(), ByteArrayCodec.INSTANCE);
  }

  /** One published change: kind C (created), U (updated), R (removed) or X (expired). */
  public record Change(String origin, char kind, byte[] id, byte[] value, byte[] old) {}

  public synchronized void subscribe(Consumer<Change> consumer, Consumer<RuntimeException> onBadMessage) {
    if (subscription < 0) {
      subscription = topic.addListener(byte[].class, (channel, message) -> {
        Change change;
        try {
          change = decode(message);
        } catch (RuntimeException e) {
          onBadMessage.accept(e);
          return;
        }
        consumer.accept(change);
      });
    }
  }

  public synchronized void unsubscribe() {
    if (subscription >= 0) {
      topic.removeListener(subscription);
      subscription = -1;
    }
  }

  static Change decode(byte[] message) {
    int[] at = {0};
    byte[] origin = field(message, at);
    if (at[0] >= message.length) {
      throw new IllegalArgumentException("event message ends before its kind");
    }
    char kind = (char) message[at[0]++];
    byte[] id = field(message, at);
    byte[] value = field(message, at);
    byte[] old = field(message, at);
    if (at[0] != message.length || origin == null || id == null) {
      throw new IllegalArgumentException("malformed event message (" + message.length + " bytes)");
    }
    return new Change(new String(origin, StandardCharsets.UTF_8), kind, id, value, old);
  }

  private static byte[] field(byte[] message, int[] at) {
    if (at[0] + LENGTH_DIGITS > message.length) {
      throw new IllegalArgumentException("event message is truncated");
    }
    int length = Integer.parseInt(
        new String(message, at[0], LENGTH_DIGITS, StandardCharsets.US_ASCII));
    at[0] += LENGTH_DIGITS;
    if (length < 0) {
      return null;
    }
    if (at[0] + length > message.length) {
      throw new IllegalArgumentException("event message field overruns the message");
    }
    byte[] bytes = new byte[length];
    System.arraycopy(message, at[0], bytes, 0, length);
    at[0] += length;
    return bytes;
  }
}
