package io.funccache.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 for the codecs: nothing is silently replaced in either direction. */
final class Utf8 {
  private Utf8() {}

  /** The UTF-8 bytes of {@code s}, or null when it holds an unpaired surrogate. */
  static byte[] encode(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return encodeChecked(s);
      }
    }
    // No surrogates: the JDK's fast encoder cannot meet anything it would replace.
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] encodeChecked(String s) {
    try {
      ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(s));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** The text of {@code length} bytes from {@code offset}; malformed UTF-8 is an error. */
  static String decode(byte[] bytes, int offset, int length) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, offset, length))
        .toString();
  }
}
