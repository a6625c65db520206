package io.funccache.store;

import io.funccache.EvictionPolicy;
import java.util.List;
import java.util.Locale;

/**
 * The operations of {@link Script} put together with {@code lib.lua}, every built-in policy's file
 * and a manager's own policies ({@link PolicySource}). Redis 7 and later get them as one function
 * library ({@link #code()}, called by FCALL): {@code lib.lua} then runs once per load instead of
 * once per call. Older servers get each operation as a script ({@link #source}, called by
 * EVALSHA). Both forms are built from the same files, so they cannot drift apart.
 */
public final class ScriptLibrary {
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

  /** Stands for the name in the code that is digested to give the name. */
  private static final String UNNAMED = "funccache_UNNAMED";

  /** lib.lua and the built-in policies. */
  private static final String BUILT_IN_TEXT = builtInText();

  /** The library without policies of a manager's own. */
  public static final ScriptLibrary BUILT_IN = new ScriptLibrary(List.of());

  private final List<PolicySource> userPolicies;
  /** The line of the library on which each user policy's text starts (1-based). */
  private final int[] userPolicyLines;
  private final String name;
  private final String code;
  private final String[] functions;
  private final String[] sources;
  private final String[] shas;
  private final String[] flaggedSources;
  private final String[] flaggedShas;

  private ScriptLibrary(List<PolicySource> userPolicies) {
    this.userPolicies = List.copyOf(userPolicies);
    StringBuilder text = new StringBuilder(BUILT_IN_TEXT);
    this.userPolicyLines = new int[this.userPolicies.size()];
    for (int i = 0; i < this.userPolicies.size(); i++) {
      PolicySource policy = this.userPolicies.get(i);
      text.append("\n-- policy ").append(policy.name()).append('\n');
      userPolicyLines[i] = lineCount(text) + 1;
      text.append(policy.lua()).append('\n');
    }
    String shared = text.toString();
    Script[] scripts = Script.values();
    StringBuilder library = new StringBuilder(shared);
    for (Script script : scripts) {
      library.append("\nredis.register_function{function_name = '").append(UNNAMED).append('_')
          .append(script.operation()).append("', callback = function(KEYS, ARGV)\n")
          .append(BEGIN).append(script.body()).append("\nend")
          .append(script.room() == Script.Room.NOT_NEEDED ? ", flags = { 'allow-oom' }" : "")
          .append("}\n");
    }
    this.name = "funccache_" + Script.sha1(library.toString()).substring(0, 16);
    this.code = library.toString().replace(UNNAMED, name);
    this.functions = new String[scripts.length];
    this.sources = new String[scripts.length];
    this.shas = new String[scripts.length];
    this.flaggedSources = new String[scripts.length];
    this.flaggedShas = new String[scripts.length];
    for (Script script : scripts) {
      int i = script.ordinal();
      functions[i] = name + "_" + script.operation();
      sources[i] = shared + "\n" + BEGIN + script.body();
      shas[i] = Script.sha1(sources[i]);
      flaggedSources[i] = (script.room() == Script.Room.NOT_NEEDED ? SHEBANG_ALLOW_OOM : SHEBANG)
          + sources[i];
      flaggedShas[i] = Script.sha1(flaggedSources[i]);
    }
  }

  /** The built-in library plus {@code policies} (none: {@link #BUILT_IN}). */
  public static ScriptLibrary with(List<PolicySource> policies) {
    return policies.isEmpty() ? BUILT_IN : new ScriptLibrary(policies);
  }

  /** A manager's own policies in this library. */
  public List<PolicySource> userPolicies() {
    return userPolicies;
  }

  /** Whether {@code policy} is a built-in policy or one of this library's own. */
  public boolean knows(String policy) {
    return isBuiltIn(policy) || userPolicies.stream().anyMatch(p -> p.name().equals(policy));
  }

  /**
   * The library's name: {@code funccache_} and a digest of its code, so that two funccache versions
   * (or two managers with different policies of their own) sharing one Redis each call their own.
   */
  public String name() {
    return name;
  }

  /** All operations as one function library (without the {@code #!lua} line, which names it). */
  public String code() {
    return code;
  }

  /** The operation's name in {@link #code()}, for FCALL. */
  public String function(Script script) {
    return functions[script.ordinal()];
  }

  /**
   * The operation as a standalone script, for EVALSHA; {@code withFlags} (Redis 7 and later) adds
   * the flags line: {@code allow-oom} for those that need no room, none for the others.
   */
  public String source(Script script, boolean withFlags) {
    return withFlags ? flaggedSources[script.ordinal()] : sources[script.ordinal()];
  }

  public String sha(Script script, boolean withFlags) {
    return withFlags ? flaggedShas[script.ordinal()] : shas[script.ordinal()];
  }

  /**
   * Where line {@code line} of the library (or of an operation's script: both start with the same
   * text) comes from, when it is in a user policy's file: "HYPERBOLIC (classpath:x.lua) line 7";
   * else null.
   */
  public String userPolicyAt(int line) {
    for (int i = userPolicies.size() - 1; i >= 0; i--) {
      if (line >= userPolicyLines[i]) {
        PolicySource policy = userPolicies.get(i);
        int own = line - userPolicyLines[i] + 1;
        if (own > lineCount(policy.lua()) + 1) {
          return null;
        }
        return policy.name() + " (" + policy.origin() + ") line " + own;
      }
    }
    return null;
  }

  private static int lineCount(CharSequence text) {
    int lines = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }

  static boolean isBuiltIn(String policy) {
    for (EvictionPolicy builtIn : EvictionPolicy.values()) {
      if (builtIn.name().equals(policy)) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.regex.Pattern HAS_STATE =
      java.util.regex.Pattern.compile("\\bhas_state\\s*=\\s*true\\b");

  /**
   * Whether {@code policy} keeps state of its own ({@code has_state = true} in its file), so that
   * calls declare its state keys; a policy this library does not know counts as having state.
   * (lib.lua refuses a call of a policy with state that declares no state keys.)
   */
  public boolean hasState(String policy) {
    String lua = null;
    if (isBuiltIn(policy)) {
      lua = Script.resource(policyFile(policy));
    } else {
      for (PolicySource own : userPolicies) {
        if (own.name().equals(policy)) {
          lua = own.lua();
        }
      }
    }
    return lua == null || HAS_STATE.matcher(lua).find();
  }

  /** Where a built-in policy's Lua lives: {@code policies/<name in lower case>.lua}. */
  static String policyFile(String policy) {
    return "policies/" + policy.toLowerCase(Locale.ROOT) + ".lua";
  }

  private static String builtInText() {
    StringBuilder text = new StringBuilder(Script.resource("lib.lua"));
    for (EvictionPolicy policy : EvictionPolicy.values()) {
      text.append('\n').append(Script.resource(policyFile(policy.name())));
    }
    return text.toString();
  }
}
