package io.funccache.cache;

import io.funccache.codec.Codec;
import io.funccache.codec.CodecException;
import java.io.InvalidClassException;
import java.util.Objects;

/**
 * A cache's key and value codecs, with the checks every operation needs: nulls, declared types,
 * and errors that name the cache. Bytes that cannot be decoded go to {@link DecodeFailures}, which
 * rethrows or, with {@code onDecodeFailure: miss}, lets the decode answer null (a miss).
 */
final class EntryCodec<K, V> {
  private final String cacheName;
  private final Class<K> keyType;
  private final Class<V> valueType;
  private final Codec keyCodec;
  private final Codec valueCodec;
  private final int maxValueSize;
  private final DecodeFailures failures;

  EntryCodec(String cacheName, Class<K> keyType, Class<V> valueType, Codec keyCodec,
      Codec valueCodec, int maxValueSize, DecodeFailures failures) {
    this.cacheName = cacheName;
    this.keyType = keyType;
    this.valueType = valueType;
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
    this.maxValueSize = maxValueSize;
    this.failures = failures;
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

  /** A key an event named; null when it cannot be decoded (with {@code onDecodeFailure: miss}). */
  K decodeKey(byte[] bytes) {
    return decodeKey(bytes, null, false);
  }

  /**
   * The key of an entry Redis holds now with {@code valueBytes}; null when it cannot be decoded,
   * and then the entry is dropped unless its value changed meanwhile.
   */
  K decodeKey(byte[] id, byte[] valueBytes) {
    return decodeKey(id, valueBytes, true);
  }

  private K decodeKey(byte[] bytes, byte[] valueBytes, boolean held) {
    byte[] id = held ? bytes : null;
    return typed(keyType, "key", decode(keyCodec, "key", bytes, null, id, valueBytes), null, id,
        valueBytes);
  }

  /**
   * A value an operation saw in passing (the value a write replaced, an event's value); null when
   * absent or, with {@code onDecodeFailure: miss}, when it cannot be decoded.
   */
  V decodeValue(byte[] bytes, Object key) {
    return decodeValue(bytes, key, null);
  }

  /**
   * The value entry {@code id} holds now; null when absent or, with {@code onDecodeFailure: miss},
   * when it cannot be decoded, and then the entry is dropped unless it changed meanwhile.
   */
  V decodeValue(byte[] bytes, Object key, byte[] id) {
    if (bytes == null) {
      return null;
    }
    return typed(valueType, "value", decode(valueCodec, "value", bytes, key, id, bytes), key, id,
        bytes);
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

  /** The decoded object, or null when the codec failed and the cache treats that as a miss. */
  private Object decode(Codec codec, String role, byte[] bytes, Object key, byte[] id,
      byte[] valueBytes) {
    Object object;
    RuntimeException failure = null;
    try {
      object = codec.decode(bytes);
    } catch (RuntimeException e) {
      object = null;
      failure = e;
    }
    if (object != null) {
      return object;
    }
    String refused = failure instanceof CodecException codecFailure
        ? codecFailure.refusedClass() : null;
    failures.handle(new CodecException("Cache '" + cacheName + "': cannot decode "
        + (key == null ? "a " + role : "the " + role + " of key " + key) + " read from Redis ("
        + bytes.length + " bytes): "
        + (failure == null ? "the codec returned null" : failure.getMessage()), refused, failure),
        causeOf(role, refused, failure), id, valueBytes);
    return null;
  }

  /** {@code object} as the declared type; null (or a failure) when it is of another. */
  private <T> T typed(Class<T> type, String role, Object object, Object key, byte[] id,
      byte[] valueBytes) {
    if (object == null || type.isInstance(object)) {
      return type.cast(object);
    }
    String actual = object.getClass().getName();
    failures.handle(new CodecException("Cache '" + cacheName + "': "
        + (key == null ? "a " + role : "the " + role + " of key " + key) + " read from Redis"
        + " decodes to " + actual + ", not the configured " + type.getName()),
        role + " class " + actual + " (not the configured " + type.getName() + ")", id,
        valueBytes);
    return null;
  }

  /** What a warning is given once for: the class at fault when known, else the kind of failure. */
  private static String causeOf(String role, String refusedClass, Throwable failure) {
    if (refusedClass != null) {
      return role + " class " + refusedClass + " (not allowed)";
    }
    if (failure == null) {
      return "unreadable " + role + " bytes (the codec returned null)";
    }
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof InvalidClassException changed && changed.classname != null) {
        return role + " class " + changed.classname + " (changed incompatibly)";
      }
      if (t instanceof ClassNotFoundException) {
        return role + " class " + t.getMessage() + " (not found)";
      }
      root = t;
    }
    return "unreadable " + role + " bytes (" + root.getClass().getName() + ")";
  }
}
