package io.funccache.codec;

/**
 * Turns keys or values into bytes and back. One instance serves one role (keys or values) of one
 * cache and must be thread-safe.
 *
 * <p>Key encodings must be canonical: equal keys give equal bytes in every JVM, because the encoded
 * key is the entry's identity in Redis. Bytes given to {@link #decode} come from Redis and are
 * untrusted: a codec must never instantiate a class that is not on its allow-list.
 *
 * <p>Both methods signal failure with {@link CodecException}; the cache adds its name and the cause.
 */
public interface Codec {

  /** Encodes a non-null object. */
  byte[] encode(Object value);

  /** Decodes bytes produced by {@link #encode}, possibly in another JVM. */
  Object decode(byte[] bytes);
}
