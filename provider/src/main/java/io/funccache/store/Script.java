package io.funccache.store;

import io.funccache.EvictionPolicy;
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
 * instead of once per call. Older servers get each operation as a script ({@link #source(boolean)}, called
 * by EVALSHA). Both forms are built from the same files, so they cannot drift apart.
 */
public enum Script {
  // Reads and removals may run on a Redis that is over maxmemory (they free memory, or rewrite a
  // score in place), so an application can still read and empty its caches; writes that add data
  // are refused there by Redis itself.
  GET("get.lua", Room.NOT_NEEDED, Resend.SAFE),
  GET_ALL("get_all.lua", Room.NOT_NEEDED, Resend.SAFE),
  CONTAINS("contains.lua", Room.NOT_NEEDED, Resend.SAFE),
  PEEK("peek.lua", Room.NOT_NEEDED, Resend.SAFE),
  SET_EXPIRY("set_expiry.lua", Room.NOT_NEEDED, Resend.NEVER),
  LISTEN("listen.lua", Room.NOT_NEEDED, Resend.SAFE),
  LEASE("lease.lua", Room.NEEDED, Resend.SAFE),
  RELEASE("release.lua", Room.NOT_NEEDED, Resend.SAFE),
  PUT("put.lua", Room.NEEDED, Resend.NEVER),
  PUT_ALL("put_all.lua", Room.NEEDED, Resend.NEVER),
  REMOVE("remove.lua", Room.NOT_NEEDED, Resend.NEVER),
  REMOVE_ALL("remove_all.lua", Room.NOT_NEEDED, Resend.NEVER),
  SCAN("scan.lua", Room.NOT_NEEDED, Resend.SAFE),
  CLEAR("clear.lua", Room.NOT_NEEDED, Resend.NEVER),
  DESTROY("destroy.lua", Room.NOT_NEEDED, Resend.NEVER),
  BIND("bind.lua", Room.NOT_NEEDED, Resend.SAFE);

  /** Whether an operation needs free memory in Redis, i.e. may grow what a cache holds. */
  enum Room { NEEDED, NOT_NEEDED }

  /**
   * Whether an operation may be sent again after it was sent and no answer came. Reads (and the
   * lease a client holds under its own name) apply the same way twice; a write sent twice could
   * apply twice (a counter's compare-and-set) or report a wrong result, so it is sent again only
   * when it certainly was not sent (see {@link ScriptRunner}).
   */
  enum Resend { SAFE, NEVER }

  /** Version of the argument header in lib.lua; scripts refuse any other. */
  public static final String LAYOUT = "1";

  /** Reads the header into the library's call state; a bad header ends the call with its error. */
  private static final String BEGIN =
      "local failure = begin(KEYS, ARGV)\nif failure then return failure end\n";

  /**
   * Redis 7's flags line (a server before 7 cannot compile it). With it, Redis checks memory
   * before a script starts, as for functions: without it, a script that has already written (a
   * put that evicted first) could go on writing on a full Redis.
   */
  private static final String SHEBANG = "#!lua\n";
  private static final String SHEBANG_ALLOW_OOM = "#!lua flags=allow-oom\n";

  private final String operation;
  private final Room room;
  private final Resend resend;
  private final String body;
  private final String source;
  private final String sha;
  private final String flaggedSource;
  private final String flaggedSha;

  Script(String file, Room room, Resend resend) {
    this.operation = file.substring(0, file.length() - ".lua".length());
    this.room = room;
    this.resend = resend;
    this.body = resource(file);
    this.source = Lib.TEXT + "\n" + BEGIN + body;
    this.sha = sha1(source);
    this.flaggedSource = (room == Room.NOT_NEEDED ? SHEBANG_ALLOW_OOM : SHEBANG) + source;
    this.flaggedSha = sha1(flaggedSource);
  }

  /**
   * The operation as a standalone script, for EVALSHA; {@code withFlags} (Redis 7 and later) adds
   * the flags line: {@code allow-oom} for those that need no room, none for the others.
   */
  public String source(boolean withFlags) {
    return withFlags ? flaggedSource : source;
  }

  public String sha(boolean withFlags) {
    return withFlags ? flaggedSha : sha;
  }

  public Room room() {
    return room;
  }

  public Resend resend() {
    return resend;
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

  /** lib.lua and then every built-in policy's file, read once for every operation. */
  private static final class Lib {
    static final String TEXT = libraryText();

    private static String libraryText() {
      StringBuilder text = new StringBuilder(resource("lib.lua"));
      for (EvictionPolicy policy : EvictionPolicy.values()) {
        text.append('\n').append(resource(policyFile(policy.name())));
      }
      return text.toString();
    }
  }

  /** Where a built-in policy's Lua lives: {@code policies/<name in lower case>.lua}. */
  static String policyFile(String policy) {
    return "policies/" + policy.toLowerCase(java.util.Locale.ROOT) + ".lua";
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
        code.append("\nredis.register_function{function_name = '").append(UNNAMED).append('_')
            .append(script.operation).append("', callback = function(KEYS, ARGV)\n")
            .append(BEGIN).append(script.body).append("\nend")
            .append(script.room == Room.NOT_NEEDED ? ", flags = { 'allow-oom' }" : "")
            .append("}\n");
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
