package io.funccache.cache;

import io.funccache.codec.Codec;
import io.funccache.codec.CodecContext;
import io.funccache.codec.CodecException;
import io.funccache.codec.JavaCodec;

/**
 * The java codec, except that bytes starting with {@code '!'} fail to decode after running
 * {@link #beforeFailing}: a test uses it to write to Redis between a read and what the cache does
 * about the failure.
 */
public final class RewritingCodec implements Codec {
  static volatile Runnable beforeFailing = () -> { };

  private final JavaCodec java;

  public RewritingCodec(CodecContext context) {
    this.java = new JavaCodec(context);
  }

  @Override
  public byte[] encode(Object value) {
    return java.encode(value);
  }

  @Override
  public Object decode(byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == '!') {
      beforeFailing.run();
      throw new CodecException("bytes written by a test to fail");
    }
    return java.decode(bytes);
  }
}
