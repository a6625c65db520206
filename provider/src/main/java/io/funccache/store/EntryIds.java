package io.funccache.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How an encoded key travels to the scripts (data layout 3, lib.lua's {@code entry}): a key of up
 * to {@value #LONG_KEY} bytes that does not start with byte 255 as it is (it is its own id); any
 * other key as its 25-byte id, byte 255 and 24 hex digits of its SHA-1, followed by the key. The
 * scripts store such an entry under the id with the key beside the value. The digest is taken
 * here rather than in Redis, where {@code redis.sha1hex} cost a long key's hit about 7,500
 * instructions; a call carrying such an argument says so in its header
 * ({@link Script#DIGEST_ARGS}), so calls with short keys only pay nothing for it.
 */
public final class EntryIds {
  /** Longest key that is its own id (lib.lua's LONG_KEY). */
  static final int LONG_KEY = 64;
  /** A digest id's length (lib.lua's DIGEST_ID). */
  static final int DIGEST_ID = 25;
  private static final byte MARK = (byte) 0xFF;
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-1, which every Java platform must", e);
    }
  });

  private EntryIds() {}

  /** Whether {@code key} is stored under a digest id. */
  static boolean digested(byte[] key) {
    return key.length > LONG_KEY || (key.length > 0 && key[0] == MARK);
  }

  /** The argument for {@code key}: the key itself, or its digest id followed by the key. */
  public static byte[] argument(byte[] key) {
    if (!digested(key)) {
      return key;
    }
    byte[] digest = SHA1.get().digest(key);
    byte[] arg = new byte[DIGEST_ID + key.length];
    arg[0] = MARK;
    for (int i = 0; i < (DIGEST_ID - 1) / 2; i++) {
      arg[1 + 2 * i] = (byte) HEX.toHighHexDigit(digest[i]);
      arg[2 + 2 * i] = (byte) HEX.toLowHexDigit(digest[i]);
    }
    System.arraycopy(key, 0, arg, DIGEST_ID, key.length);
    return arg;
  }

  /** The arguments for {@code keys}, in order; the same list when no key is digested. */
  static List<byte[]> arguments(List<byte[]> keys) {
    List<byte[]> args = null;
    for (int i = 0; i < keys.size(); i++) {
      byte[] key = keys.get(i);
      if (args == null && digested(key)) {
        args = new ArrayList<>(keys.subList(0, i));
      }
      if (args != null) {
        args.add(argument(key));
      }
    }
    return args == null ? keys : args;
  }
}
