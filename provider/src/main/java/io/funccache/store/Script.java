package io.funccache.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua operations, one file each, over {@code lib.lua} and the policies; {@link ScriptLibrary}
 * puts them together (a function library for FCALL, a script per operation for EVALSHA).
 */
public enum Script {
  // Reads and removals may run on a Redis that is over maxmemory (they free memory, or rewrite a
  // score in place), so an application can still read and empty its caches; writes that add data
  // are refused there by Redis itself.
  GET("get.lua", Room.NOT_NEEDED, Resend.SAFE, Keys.DATA),
  GET_ALL("get_all.lua", Room.NOT_NEEDED, Resend.SAFE, Keys.DATA),
  CONTAINS("contains.lua", Room.NOT_NEEDED, Resend.SAFE, Keys.DATA),
  PEEK("peek.lua", Room.NOT_NEEDED, Resend.SAFE, Keys.DATA),
  SET_EXPIRY("set_expiry.lua", Room.NOT_NEEDED, Resend.NEVER, Keys.DATA),
  LISTEN("listen.lua", Room.NOT_NEEDED, Resend.SAFE, Keys.DATA),
  LEASE("lease.lua", Room.NEEDED, Resend.SAFE, Keys.ALL),
  RELEASE("release.lua", Room.NOT_NEEDED, Resend.SAFE, Keys.ALL),
  PUT("put.lua", Room.NEEDED, Resend.NEVER, Keys.DATA),
  PUT_ALL("put_all.lua", Room.NEEDED, Resend.NEVER, Keys.DATA),
  REMOVE("remove.lua", Room.NOT_NEEDED, Resend.NEVER, Keys.DATA),
  REMOVE_ALL("remove_all.lua", Room.NOT_NEEDED, Resend.NEVER, Keys.DATA),
  SCAN("scan.lua", Room.NOT_NEEDED, Resend.SAFE, Keys.DATA),
  CLEAR("clear.lua", Room.NOT_NEEDED, Resend.NEVER, Keys.ALL),
  DESTROY("destroy.lua", Room.NOT_NEEDED, Resend.NEVER, Keys.ALL),
  BIND("bind.lua", Room.NOT_NEEDED, Resend.SAFE, Keys.ALL);

  /** Whether an operation needs free memory in Redis, i.e. may grow what a cache holds. */
  enum Room { NEEDED, NOT_NEEDED }

  /**
   * Whether an operation may be sent again after it was sent and no answer came. Reads (and the
   * lease a client holds under its own name) apply the same way twice; a write sent twice could
   * apply twice (a counter's compare-and-set) or report a wrong result, so it is sent again only
   * when it certainly was not sent (see {@link ScriptRunner}).
   */
  enum Resend { SAFE, NEVER }

  /**
   * The keys a call declares (lib.lua's KEYS): each declared key costs Redis work on every call,
   * so most operations declare the cache's data keys only ({@link CacheKeys#data}: index, values,
   * deadlines, metadata, and the policy's own state for a policy that has some); the operations
   * on leases, re-scoring or every key declare them all ({@link CacheKeys#encoded()}). A put that
   * ends a lease declares them all too (see {@link CacheStore}).
   */
  enum Keys { DATA, ALL }

  /** Version of the argument header in lib.lua; scripts refuse any other. */
  public static final String LAYOUT = "2";

  /** Header flag: the call returns previous values. */
  public static final int RETURN_PREVIOUS = 1;
  /** Header flag: a read reports the entry's remaining lifetime. */
  public static final int RETURN_DEADLINE = 2;
  /** Header flag: the argument after the header is "now" (ms, an injected clock). */
  public static final int GIVEN_NOW = 4;
  /**
   * Header flag: an entry argument starting with byte 255 is a long key's digest id followed by
   * the key ({@link EntryIds}); without it every entry argument is a key that is its own id.
   */
  public static final int DIGEST_ARGS = 8;

  /**
   * The constant part of lib.lua's header, one argument:
   * {@code <layout>:<flags>:<maxSize>:<ttl ms>:<policy>:<origin>} (origin last: it may hold any
   * byte). Redis parses a given header once per library load, so callers send the same bytes each
   * time (and keep one array per flag combination).
   */
  public static byte[] header(int flags, String policy, long maxSize, long ttlMillis,
      byte[] origin) {
    byte[] head = (LAYOUT + ":" + flags + ":" + maxSize + ":" + ttlMillis + ":" + policy + ":")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] header = java.util.Arrays.copyOf(head, head.length + origin.length);
    System.arraycopy(origin, 0, header, head.length, origin.length);
    return header;
  }

  private final String operation;
  private final Room room;
  private final Resend resend;
  private final Keys keys;
  private final String body;

  Script(String file, Room room, Resend resend, Keys keys) {
    this.operation = file.substring(0, file.length() - ".lua".length());
    this.room = room;
    this.resend = resend;
    this.keys = keys;
    this.body = resource(file);
  }

  /** The operation's name inside a library, and in its function's name. */
  String operation() {
    return operation;
  }

  /** The operation's Lua, a function body over lib.lua and the policies. */
  String body() {
    return body;
  }

  /**
   * The operation as a standalone script of the built-in library, for EVALSHA; {@code withFlags}
   * (Redis 7 and later) adds the flags line.
   */
  public String source(boolean withFlags) {
    return ScriptLibrary.BUILT_IN.source(this, withFlags);
  }

  public String sha(boolean withFlags) {
    return ScriptLibrary.BUILT_IN.sha(this, withFlags);
  }

  public Room room() {
    return room;
  }

  public Resend resend() {
    return resend;
  }

  /** Which of the cache's keys a call declares. */
  Keys keys() {
    return keys;
  }

  /** The operation's function name in the built-in library, for FCALL. */
  public String function() {
    return ScriptLibrary.BUILT_IN.function(this);
  }

  /** The built-in library's name (see {@link ScriptLibrary#name()}). */
  public static String libraryName() {
    return ScriptLibrary.BUILT_IN.name();
  }

  /** The built-in library's code. */
  public static String library() {
    return ScriptLibrary.BUILT_IN.code();
  }

  static String resource(String file) {
    try (InputStream in = Script.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("funccache script " + file + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("funccache script " + file + " could not be read", e);
    }
  }

  static String sha1(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
