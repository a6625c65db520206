package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which keys travel with a digest id, and in what form (lib.lua's entry reads it). */
class EntryIdsTest {
  private static byte[] bytes(int length, char fill) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  void keysUpTo64BytesNotStartingWith255AreTheirOwnArgument() {
    byte[] key = bytes(64, 'k');
    assertFalse(EntryIds.digested(key));
    assertSame(key, EntryIds.argument(key));
    byte[] empty = new byte[0];
    assertFalse(EntryIds.digested(empty));
    assertSame(empty, EntryIds.argument(empty));
  }

  @Test
  void aLongKeyOrOneStartingWith255TravelsAfterItsDigestId() throws Exception {
    byte[] marked = bytes(10, 'm');
    marked[0] = (byte) 0xFF;
    for (byte[] key : List.of(bytes(65, 'k'), bytes(1_000, 'x'), marked)) {
      assertTrue(EntryIds.digested(key));
      byte[] arg = EntryIds.argument(key);
      assertEquals(25 + key.length, arg.length);
      assertEquals((byte) 0xFF, arg[0]);
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(key));
      assertEquals(hex.substring(0, 24),
          new String(Arrays.copyOfRange(arg, 1, 25), StandardCharsets.US_ASCII));
      assertArrayEquals(key, Arrays.copyOfRange(arg, 25, arg.length));
    }
  }

  @Test
  void aBatchIsTheSameListUnlessSomeKeyIsDigested() {
    List<byte[]> shortKeys = List.of(bytes(3, 'a'), bytes(64, 'b'));
    assertSame(shortKeys, EntryIds.arguments(shortKeys));
    List<byte[]> mixed = List.of(bytes(3, 'a'), bytes(100, 'b'), bytes(4, 'c'));
    List<byte[]> args = EntryIds.arguments(mixed);
    assertNotSame(mixed, args);
    assertEquals(3, args.size());
    assertSame(mixed.get(0), args.get(0));
    assertEquals(125, args.get(1).length);
    assertSame(mixed.get(2), args.get(2));
  }
}
