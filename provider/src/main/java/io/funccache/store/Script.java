package io.funccache.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts, one per operation, each sent as {@code lib.lua} followed by its own file. The
 * SHA-1 is computed here so that calls go by EVALSHA from the first one.
 */
public enum Script {
  GET("get.lua"),
  GET_ALL("get_all.lua"),
  CONTAINS("contains.lua"),
  PEEK("peek.lua"),
  SET_EXPIRY("set_expiry.lua"),
  LISTEN("listen.lua"),
  LEASE("lease.lua"),
  RELEASE("release.lua"),
  PUT("put.lua"),
  PUT_ALL("put_all.lua"),
  REMOVE("remove.lua"),
  REMOVE_ALL("remove_all.lua"),
  SCAN("scan.lua"),
  CLEAR("clear.lua"),
  DESTROY("destroy.lua"),
  BIND("bind.lua");

  /** Version of the argument header in lib.lua; scripts refuse any other. */
  public static final String LAYOUT = "1";

  private final String source;
  private final String sha;
  Script(String file) {
    this.source = resource("lib.lua") + "\n" + resource(file);
    this.sha = sha1(source);
  }

  public String source() {
    return source;
  }

  public String sha() {
    return sha;
  }

  private static String resource(String file) {
    try (InputStream in = Script.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("funccache script " + file + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("funccache script " + file + " could not be read", e);
    }
  }

  private static String sha1(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
