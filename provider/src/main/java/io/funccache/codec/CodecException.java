package io.funccache.codec;

import javax.cache.CacheException;

/** A key or value could not be encoded, or bytes read from Redis could not be decoded. */
public class CodecException extends CacheException {
  private static final long serialVersionUID = 1L;

  private final String refusedClass;

  public CodecException(String message) {
    this(message, null, null);
  }

  public CodecException(String message, Throwable cause) {
    this(message, null, cause);
  }

  /** A decode the allow-list stopped: {@code refusedClass} names the class it would have built. */
  public CodecException(String message, String refusedClass, Throwable cause) {
    super(message, cause);
    this.refusedClass = refusedClass;
  }

  /** The class the allow-list refused to instantiate, or null when the failure was another. */
  public String refusedClass() {
    return refusedClass;
  }
}
