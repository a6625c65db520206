package io.funccache.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua operations, one file each, over {@code lib.lua}. Redis 7 and later get them as one
 * function library ({@link #library()}, called by FCALL): {@code lib.lua} then runs once per load
 * instead of once per call. Older servers get each operation as a script ({@link #source()}, called
 * by EVALSHA). Both forms are built from the same files, so they cannot drift apart.
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

  /** Reads the header into the library's call state; a bad header ends the call with its error. */
  private static final String BEGIN =
      "local failure = begin(KEYS, ARGV)\nif failure then return failure end\n";

  private final String operation;
  private final String body;
  private final String source;
  private final String sha;

  Script(String file) {
    this.operation = file.substring(0, file.length() - ".lua".length());
    this.body = resource(file);
    this.source = Lib.TEXT + "\n" + BEGIN + body;
    this.sha = sha1(source);
  }

  /** The operation as a standalone script, for EVALSHA. */
  public String source() {
    return source;
  }

  public String sha() {
    return sha;
  }

  /** The operation's name in {@link #library()}, for FCALL. */
  public String function() {
    return Library.FUNCTIONS[ordinal()];
  }

  /**
   * The library's name: {@code funccache_} and a digest of its code, so that two funccache versions
   * sharing one Redis each call their own functions.
   */
  public static String libraryName() {
    return Library.NAME;
  }

  /** All operations as one function library (without the {@code #!lua} line, which names it). */
  public static String library() {
    return Library.CODE;
  }

  /** lib.lua, read once for every operation. */
  private static final class Lib {
    static final String TEXT = resource("lib.lua");
  }

  /** Built on first use: enum constants cannot read each other while they are constructed. */
  private static final class Library {
    /** Stands for the name in the code that is digested to give the name. */
    private static final String UNNAMED = "funccache_UNNAMED";
    static final String NAME;
    static final String CODE;
    static final String[] FUNCTIONS;

    static {
      StringBuilder code = new StringBuilder(Lib.TEXT);
      for (Script script : values()) {
        code.append("\nredis.register_function('").append(UNNAMED).append('_')
            .append(script.operation).append("', function(KEYS, ARGV)\n").append(BEGIN)
            .append(script.body).append("\nend)\n");
      }
      NAME = "funccache_" + sha1(code.toString()).substring(0, 16);
      CODE = code.toString().replace(UNNAMED, NAME);
      FUNCTIONS = new String[values().length];
      for (Script script : values()) {
        FUNCTIONS[script.ordinal()] = NAME + "_" + script.operation;
      }
    }
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
