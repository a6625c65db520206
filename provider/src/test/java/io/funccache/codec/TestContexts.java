package io.funccache.codec;

import java.util.List;

/** Contexts for codec tests; the cache name is checked in messages. */
final class TestContexts {
  static final String CACHE = "orders-cache";

  private TestContexts() {}

  static CodecContext untyped(String... allowed) {
    return typed(Object.class, allowed);
  }

  static CodecContext typed(Class<?> declared, String... allowed) {
    return new CodecContext(CACHE, TestContexts.class.getClassLoader(), declared, List.of(allowed));
  }
}
