package io.funccache.codec;

import java.nio.charset.CharacterCodingException;

/**
 * The {@code string} codec: String to UTF-8 and back, nothing else. Canonical by construction, and
 * the bytes are readable with redis-cli.
 *
 * <p>Both directions are strict: a String with unpaired surrogates cannot be encoded (lenient UTF-8
 * would replace them with '?', making two different keys collide) and invalid UTF-8 is not decoded
 * (it was not written by this codec).
 */
public final class StringCodec implements Codec {

  public static final String NAME = "string";

  private final CodecContext ctx;

  public StringCodec(CodecContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public byte[] encode(Object value) {
    if (!(value instanceof String s)) {
      throw new CodecException(prefix() + "can only encode java.lang.String, not "
          + (value == null ? "null" : value.getClass().getName()));
    }
    byte[] bytes = Utf8.encode(s);
    if (bytes == null) {
      throw new CodecException(prefix() + "the String has no UTF-8 form (unpaired surrogate)");
    }
    return bytes;
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes == null) {
      throw new CodecException(prefix() + "cannot decode null");
    }
    try {
      return Utf8.decode(bytes, 0, bytes.length);
    } catch (CharacterCodingException e) {
      throw new CodecException(prefix() + "bytes are not valid UTF-8: " + e, e);
    }
  }

  private String prefix() {
    return "Cache '" + ctx.cacheName() + "' (string codec): ";
  }
}
