package io.funccache.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An eviction policy of a user's own: its name and its Lua, written against the interface the
 * built-in policies use (docs/policies.md), which funccache loads into its library.
 *
 * @param name the policy's name, as caches name it ({@code [A-Z][A-Z0-9_]*}, not a built-in's)
 * @param lua the file's text; it must call {@code register_policy('<name>', { ... })}
 * @param origin where the text came from, for messages
 */
public record PolicySource(String name, String lua, String origin) {
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  public PolicySource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(lua, "lua");
    Objects.requireNonNull(origin, "origin");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("funccache policy '" + name + "' from " + origin
          + ": a policy's name is upper-case letters, digits and '_', starting with a letter");
    }
    if (ScriptLibrary.isBuiltIn(name)) {
      throw new IllegalArgumentException("funccache policy " + name + " from " + origin
          + ": " + name + " is a built-in policy; give yours another name");
    }
    if (!lua.contains("register_policy('" + name + "'")
        && !lua.contains("register_policy(\"" + name + "\"")) {
      throw new IllegalArgumentException("funccache policy " + name + " from " + origin
          + ": the file does not register it (expected register_policy('" + name + "', { ... }))");
    }
  }
}
