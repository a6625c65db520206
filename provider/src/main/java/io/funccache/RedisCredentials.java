package io.funccache;

import java.util.Objects;

/**
 * What one {@code AUTH} sends: an ACL user (null: the {@code default} user) and its password or
 * token. {@link #toString()} never shows the password.
 */
public record RedisCredentials(String username, String password) {
  public RedisCredentials {
    Objects.requireNonNull(password, "password");
  }

  /** A password for the {@code default} user (a server with {@code requirepass}). */
  public static RedisCredentials password(String password) {
    return new RedisCredentials(null, password);
  }

  @Override
  public String toString() {
    return "RedisCredentials[username=" + (username == null ? "default" : username)
        + ", password=****]";
  }
}
