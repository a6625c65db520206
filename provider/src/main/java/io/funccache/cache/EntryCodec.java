package io.funccache.cache;

import io.funccache.codec.Codec;
import io.funccache.codec.CodecException;
import java.util.Objects;

/**
 * A cache's key and value codecs, with the checks every operation needs: nulls, declared types,
 * and errors that name the cache.
 */
final class EntryCodec<K, V> {
  private final String cacheName;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final Codec keyCodec;
  private final Codec valueCodec;
  private final int maxValueSize;

  EntryCodec(String cacheName, Class<K> keyType, Class<V> valueType, Codec keyCodec,
      Codec valueCodec, int maxValueSize) {
    this.cacheName = cacheName;
    this.keyType = keyType;
    this.valueType = valueType;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    this.maxValueSize = maxValueSize;
  }

  byte[] encodeKey(K key) {
    Objects.requireNonNull(key, "key must not be null");
    checkType("key", keyType, key);
    return encode(keyCodec, "key", key);
  }

  byte[] encodeValue(V value) {
    Objects.requireNonNull(value, "value must not be null");
    checkType("value", valueType, value);
    byte[] bytes = encode(valueCodec, "value", value);
    if (maxValueSize > 0 && bytes.length > maxValueSize) {
      throw new IllegalArgumentException("Cache '" + cacheName + "': a value of "
          + value.getClass().getName() + " encodes to " + bytes.length
          + " bytes, over the cache's maxValueSize of " + maxValueSize);
    }
    return bytes;
  }

  K decodeKey(byte[] bytes) {
    return keyType.cast(decode(keyCodec, "key", bytes, null));
  }

  V decodeValue(byte[] bytes, Object key) {
    if (bytes == null) {
      return null;
    }
    Object value = decode(valueCodec, "value", bytes, key);
    if (!valueType.isInstance(value)) {
      throw new CodecException("Cache '" + cacheName + "': the value of key " + key
          + " decodes to " + value.getClass().getName() + ", not the configured "
          + valueType.getName());
    }
    return valueType.cast(value);
  }

  private void checkType(String role, Class<?> type, Object object) {
    if (!type.isInstance(object)) {
      throw new ClassCastException("Cache '" + cacheName + "' is configured for " + role
          + "s of type " + type.getName() + ", got " + object.getClass().getName());
    }
  }

  private byte[] encode(Codec codec, String role, Object object) {
    try {
      return codec.encode(object);
    } catch (RuntimeException e) {
      throw new CodecException("Cache '" + cacheName + "': cannot encode the " + role + " ("
          + object.getClass().getName() + "): " + e.getMessage(), e);
    }
  }

  private Object decode(Codec codec, String role, byte[] bytes, Object key) {
    try {
      Object object = codec.decode(bytes);
      if (object == null) {
        throw new CodecException("the codec returned null");
      }
      return object;
    } catch (RuntimeException e) {
      String which = key == null ? "a " + role : "the " + role + " of key " + key;
      throw new CodecException("Cache '" + cacheName + "': cannot decode " + which
          + " read from Redis (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
  }
}
