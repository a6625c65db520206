package io.funccache.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Contexts for codec tests; the cache name is checked in messages. */
final class TestContexts {
  static final String CACHE = "orders-cache";

  private TestContexts() {}

  /**
   * Flips every bit of {@code good}, one at a time: each result either decodes or fails with a
   * CodecException (anything else escapes and fails the test), and most must fail.
   */
  static void assertMostBitFlipsDetected(Codec codec, byte[] good) {
    int failures = 0;
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        try {
          codec.decode(bad);
        } catch (CodecException expected) {
          failures++;
        }
      }
    }
    assertTrue(failures > good.length,
        "most flips must be detected, got " + failures);
  }

  static CodecContext untyped(String... allowed) {
    return typed(Object.class, allowed);
  }

  static CodecContext typed(Class<?> declared, String... allowed) {
    return new CodecContext(CACHE, TestContexts.class.getClassLoader(), declared, List.of(allowed));
  }
}
