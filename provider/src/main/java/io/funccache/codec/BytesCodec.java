package io.funccache.codec;

/**
 * The {@code bytes} codec: byte[] stored as is. Both directions copy, so neither the caller nor the
 * cache can change the other's array afterwards.
 */
public final class BytesCodec implements Codec {

  public static final String NAME = "bytes";

  private final CodecContext ctx;

  public BytesCodec(CodecContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public byte[] encode(Object value) {
    if (!(value instanceof byte[] b)) {
      throw new CodecException("Cache '" + ctx.cacheName() + "' (bytes codec): can only encode byte[], not "
          + (value == null ? "null" : value.getClass().getName()));
    }
    return b.clone();
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes == null) {
      throw new CodecException("Cache '" + ctx.cacheName() + "' (bytes codec): cannot decode null");
    }
    return bytes.clone();
  }
}
