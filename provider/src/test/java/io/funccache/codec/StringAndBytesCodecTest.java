package io.funccache.codec;

import static io.funccache.codec.TestContexts.CACHE;
import static io.funccache.codec.TestContexts.untyped;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringAndBytesCodecTest {

  private final StringCodec strings = new StringCodec(untyped());
  private final BytesCodec bytes = new BytesCodec(untyped());

  @Test
  void stringsAreUtf8BothWays() {
    for (String s : List.of("", "plain", "Grüße 😀 日本")) {
      byte[] encoded = strings.encode(s);
      assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), encoded);
      assertEquals(s, strings.decode(encoded));
    }
  }

  @Test
  void stringCodecRefusesOtherTypesNamingThem() {
    CodecException e = assertThrows(CodecException.class, () -> strings.encode(42L));
    assertTrue(e.getMessage().contains("java.lang.Long"), e.getMessage());
    assertTrue(e.getMessage().contains(CACHE), e.getMessage());
    assertThrows(CodecException.class, () -> strings.encode(null));
    assertThrows(CodecException.class, () -> strings.encode(new StringBuilder("sb")));
  }

  @Test
  void stringCodecRefusesInvalidUtf8AndUnpairedSurrogates() {
    for (byte[] bad :
        List.of(
            new byte[] {(byte) 0xc3},
            new byte[] {'a', (byte) 0xff},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // an encoded surrogate
            new byte[] {(byte) 0xc0, (byte) 0xaf})) { // overlong '/'
      CodecException e = assertThrows(CodecException.class, () -> strings.decode(bad));
      assertTrue(e.getMessage().contains(CACHE), e.getMessage());
    }
    assertThrows(CodecException.class, () -> strings.decode(null));
    assertThrows(CodecException.class, () -> strings.encode("a\uDC00"));
  }

  @Test
  void bytesAreCopiedBothWays() {
    byte[] original = {1, 2, 3};
    byte[] encoded = bytes.encode(original);
    assertArrayEquals(original, encoded);
    assertNotSame(original, encoded);
    original[0] = 9;
    assertEquals(1, encoded[0]);

    byte[] decoded = (byte[]) bytes.decode(encoded);
    assertArrayEquals(new byte[] {1, 2, 3}, decoded);
    assertNotSame(encoded, decoded);
    decoded[0] = 7;
    assertEquals(1, encoded[0]);
    assertArrayEquals(new byte[0], (byte[]) bytes.decode(new byte[0]));
  }

  @Test
  void bytesCodecRefusesOtherTypes() {
    CodecException e = assertThrows(CodecException.class, () -> bytes.encode("text"));
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    assertTrue(e.getMessage().contains(CACHE), e.getMessage());
    assertThrows(CodecException.class, () -> bytes.encode(new int[] {1}));
    assertThrows(CodecException.class, () -> bytes.encode(null));
  }
}
