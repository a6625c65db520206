package io.funccache;

import java.net.InetSocketAddress;

/**
 * Hands out the user and password (or token) for Redis, asked anew at every connection and at
 * every re-authentication, so that short-lived credentials (cloud IAM tokens, rotated passwords)
 * work without a restart. Named in the config file ({@code redis.credentials:} a class with a
 * public no-argument constructor) or passed as the manager property
 * {@code funccache.redis.credentials}.
 *
 * <p>It is called on Redisson's I/O thread, while that connection waits: return quickly. A
 * supplier that fetches tokens over the network should keep the current one and refresh it ahead
 * of its expiry, not fetch at every call. An exception thrown here fails that connection (cache
 * operations then fail with a {@link RedisUnavailableException} naming the cache and this
 * supplier); its message must not contain the secret.
 */
@FunctionalInterface
public interface RedisCredentialsSupplier {
  /**
   * @param server the node being connected to (a Redis server, or in Sentinel mode also a
   *     sentinel)
   * @return the credentials for it, or null for none (no {@code AUTH}: a server without
   *     passwords, for example sentinels that need none)
   */
  RedisCredentials credentials(InetSocketAddress server) throws Exception;
}
