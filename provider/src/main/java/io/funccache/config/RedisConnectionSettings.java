package io.funccache.config;

import io.funccache.RedisCredentialsSupplier;
import java.time.Duration;
import java.util.List;

/**
 * How a cache manager reaches Redis.
 *
 * @param topology one server, a cluster, or a master found through sentinels
 * @param nodes {@code redis://host:port} or {@code rediss://host:port} addresses (no credentials,
 *     no database): the server, the cluster's seed nodes, or the sentinels
 * @param sentinelMaster the master's name for {@link Topology#SENTINEL}, else null
 * @param username ACL user, or null
 * @param password password, or null
 * @param database database index
 * @param connectTimeout time allowed to open a connection
 * @param timeout time allowed for one command's reply
 * @param retryAttempts how often a failed command is retried before the caller sees the failure
 * @param retryInterval pause between retries
 * @param inlineRedissonConfig a Redisson YAML config used instead of the fields above, or null
 * @param truststore for TLS: a trust store (PKCS12 or JKS) URL holding the CA that signed the
 *     servers' certificates, or null for the JVM's default trust
 * @param truststorePassword its password, or null
 * @param credentials asked for user and password at every connection and re-authentication,
 *     instead of {@code username} and {@code password}; or null
 * @param credentialsLifetime how long an authentication holds (connections re-authenticate with
 *     fresh credentials before it ends); null: connections authenticate once, when they open
 */
public record RedisConnectionSettings(
    Topology topology,
    List<String> nodes,
    String sentinelMaster,
    String username,
    String password,
    int database,
    Duration connectTimeout,
    Duration timeout,
    int retryAttempts,
    Duration retryInterval,
    String inlineRedissonConfig,
    String truststore,
    String truststorePassword,
    RedisCredentialsSupplier credentials,
    Duration credentialsLifetime) {

  public static final String DEFAULT_ADDRESS = "redis://127.0.0.1:6379";

  /** How the servers are arranged. */
  public enum Topology {
    SINGLE,
    CLUSTER,
    SENTINEL
  }

  public RedisConnectionSettings {
    nodes = List.copyOf(nodes);
  }

  /** Settings with a fixed username and password (or none), authenticated once per connection. */
  public RedisConnectionSettings(Topology topology, List<String> nodes, String sentinelMaster,
      String username, String password, int database, Duration connectTimeout, Duration timeout,
      int retryAttempts, Duration retryInterval, String inlineRedissonConfig, String truststore,
      String truststorePassword) {
    this(topology, nodes, sentinelMaster, username, password, database, connectTimeout, timeout,
        retryAttempts, retryInterval, inlineRedissonConfig, truststore, truststorePassword, null,
        null);
  }

  /** The same settings with credentials from {@code supplier}, renewed every {@code lifetime}. */
  public RedisConnectionSettings withCredentials(RedisCredentialsSupplier supplier,
      Duration lifetime) {
    return new RedisConnectionSettings(topology, nodes, sentinelMaster, username, password,
        database, connectTimeout, timeout, retryAttempts, retryInterval, inlineRedissonConfig,
        truststore, truststorePassword, supplier, lifetime);
  }

  /** The single server's address (the first node for the other topologies). */
  public String address() {
    return nodes.get(0);
  }

  /** Never shows the password or the inline config (which may hold one). */
  @Override
  public String toString() {
    return "RedisConnectionSettings[" + describe() + ", username=" + username
        + ", password=" + (password == null ? "none" : "****") + ", connectTimeout="
        + connectTimeout + ", timeout=" + timeout + ", retryAttempts=" + retryAttempts
        + ", retryInterval=" + retryInterval + ", truststore=" + truststore
        + (credentials == null ? "" : ", credentials=" + credentials.getClass().getName()
            + ", credentialsLifetime=" + credentialsLifetime)
        + "]";
  }

  /** The servers a user would recognise in a message, without credentials. */
  public String describe() {
    if (inlineRedissonConfig != null) {
      return "inline Redisson config";
    }
    return switch (topology) {
      case SINGLE -> address() + "/" + database;
      case CLUSTER -> "cluster " + String.join(",", nodes);
      case SENTINEL -> "master '" + sentinelMaster + "' via sentinels " + String.join(",", nodes)
          + "/" + database;
    };
  }
}
