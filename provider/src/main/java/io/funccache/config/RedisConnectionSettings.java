package io.funccache.config;

import java.time.Duration;

/**
 * How a cache manager reaches Redis.
 *
 * @param address {@code redis://host:port} or {@code rediss://host:port} (no credentials, no database)
 * @param username ACL user, or null
 * @param password password, or null
 * @param database database index
 * @param connectTimeout time allowed to open a connection
 * @param timeout time allowed for one command's reply
 * @param retryAttempts how often a failed command is retried before the caller sees the failure
 * @param retryInterval pause between retries
 * @param inlineRedissonConfig a Redisson YAML config used instead of the fields above, or null
 */
public record RedisConnectionSettings(
    String address,
    String username,
    String password,
    int database,
    Duration connectTimeout,
    Duration timeout,
    int retryAttempts,
    Duration retryInterval,
    String inlineRedissonConfig) {

  public static final String DEFAULT_ADDRESS = "redis://127.0.0.1:6379";

  /** The address a user would recognise in a message, without credentials. */
  public String describe() {
    return inlineRedissonConfig != null ? "inline Redisson config" : address + "/" + database;
  }
}
