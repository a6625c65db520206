package io.funccache.store;

import io.funccache.config.RedisConnectionSettings;
import javax.cache.CacheException;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.BaseConfig;
import org.redisson.config.ReadMode;

/** Opens the Redisson client of one cache manager. */
public final class RedisConnector {
  private RedisConnector() {}

  /**
   * Connects at once, so that a wrong address or password fails here, naming the server, rather
   * than at the first cache operation.
   */
  public static RedissonClient connect(RedisConnectionSettings settings, String source) {
    Config config = toConfig(settings, source);
    try {
      return Redisson.create(config);
    } catch (RuntimeException e) {
      release(config);
      CredentialsUnavailableException supplier = credentialsFailure(e);
      if (supplier == null && config.getCredentialsResolver() instanceof SuppliedCredentials s) {
        supplier = s.currentFailure(); // a connect timeout need not carry it
      }
      throw new CacheException("funccache cannot connect to Redis at " + settings.describe()
          + " (configured by " + source + "): "
          + (supplier != null ? supplier.getMessage() : rootMessage(e)), e);
    }
  }

  /** Ends what the client's config holds beyond the client itself (credential renewals). */
  public static void release(RedissonClient client) {
    release(client.getConfig());
  }

  private static void release(Config config) {
    if (config.getCredentialsResolver() instanceof SuppliedCredentials supplied) {
      supplied.close();
    }
  }

  /** The credentials supplier's failure somewhere in {@code e}'s causes, or null. */
  static CredentialsUnavailableException credentialsFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CredentialsUnavailableException failure) {
        return failure;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (suppressed instanceof CredentialsUnavailableException failure) {
          return failure;
        }
      }
    }
    return null;
  }

  static Config toConfig(RedisConnectionSettings settings, String source) {
    Config config;
    if (settings.inlineRedissonConfig() != null) {
      try {
        config = Config.fromYAML(settings.inlineRedissonConfig());
      } catch (RuntimeException e) {
        throw new CacheException("funccache: the inline Redisson config in " + source
            + " is not valid: " + rootMessage(e), e);
      }
    } else {
      config = new Config();
      BaseConfig<?> common = switch (settings.topology()) {
        case SINGLE -> config.useSingleServer()
            .setAddress(settings.address())
            .setDatabase(settings.database())
            .setConnectionMinimumIdleSize(1)
            .setSubscriptionConnectionMinimumIdleSize(0);
        case CLUSTER -> config.useClusterServers()
            .addNodeAddress(settings.nodes().toArray(String[]::new))
            .setScanInterval(1_000)
            // Scripts write; every call goes to the master of its slot.
            .setReadMode(ReadMode.MASTER)
            .setMasterConnectionMinimumIdleSize(1)
            .setSlaveConnectionMinimumIdleSize(0)
            .setSubscriptionConnectionMinimumIdleSize(0);
        case SENTINEL -> config.useSentinelServers()
            .setMasterName(settings.sentinelMaster())
            .addSentinelAddress(settings.nodes().toArray(String[]::new))
            .setDatabase(settings.database())
            .setCheckSentinelsList(false)
            .setReadMode(ReadMode.MASTER)
            .setMasterConnectionMinimumIdleSize(1)
            .setSlaveConnectionMinimumIdleSize(0)
            .setSubscriptionConnectionMinimumIdleSize(0);
      };
      common.setConnectTimeout(millis(settings.connectTimeout()))
          .setTimeout(millis(settings.timeout()))
          .setRetryAttempts(settings.retryAttempts())
          .setRetryInterval(millis(settings.retryInterval()));
      // Redisson 4 takes credentials on the Config (per-server ones are deprecated).
      if (settings.username() != null) {
        config.setUsername(settings.username());
      }
      if (settings.password() != null) {
        config.setPassword(settings.password());
      }
      if (settings.truststore() != null) {
        config.setSslTruststore(truststoreUrl(settings.truststore(), source));
        if (settings.truststorePassword() != null) {
          config.setSslTruststorePassword(settings.truststorePassword());
        }
      }
    }
    if (settings.credentials() != null) {
      // Wins over any user and password of an inline Redisson config.
      config.setCredentialsResolver(
          new SuppliedCredentials(settings.credentials(), settings.credentialsLifetime()));
    }
    // Without functions, scripts go by SHA through ScriptRunner, which sends the source itself after
    // a NOSCRIPT; Redisson's own script cache must not turn that EVAL back into an EVALSHA.
    config.setUseScriptCache(false);
    // Every byte that crosses the wire is encoded by our codecs; Redisson's codec only passes bytes.
    config.setCodec(ByteArrayCodec.INSTANCE);
    return config;
  }

  /** A trust store given as a URL ({@code file:}, {@code classpath:}) or a plain path. */
  private static java.net.URL truststoreUrl(String location, String source) {
    try {
      if (location.startsWith("classpath:")) {
        java.net.URL url = Thread.currentThread().getContextClassLoader()
            .getResource(location.substring("classpath:".length()));
        if (url == null) {
          throw new CacheException("funccache: truststore " + location + " (configured by "
              + source + ") is not on the class path");
        }
        return url;
      }
      if (location.contains(":/")) {
        return java.net.URI.create(location).toURL();
      }
      return java.nio.file.Path.of(location).toUri().toURL();
    } catch (java.net.MalformedURLException | IllegalArgumentException e) {
      throw new CacheException("funccache: truststore " + location + " (configured by " + source
          + ") is not a URL or path: " + e.getMessage(), e);
    }
  }

  private static int millis(java.time.Duration d) {
    return Math.toIntExact(d.toMillis());
  }

  /** The failure's message, with its root cause's when that says more. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return t == e ? String.valueOf(message) : e.getMessage() + " (" + message + ")";
  }
}
