package io.funccache.config;

import io.funccache.RedisCredentialsSupplier;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a cache manager's URI (and properties) into its settings: a {@code redis://} or
 * {@code rediss://} URI directly, or a YAML file named by {@code classpath:} or {@code file:}.
 */
public final class ConfigLoader {
  public static final String URL_PROPERTY = "funccache.redis.url";
  public static final String URL_ENVIRONMENT = "FUNCCACHE_REDIS_URL";
  public static final String DEFAULT_FILE = "funccache.yaml";
  public static final String NAMESPACE_PROPERTY = "funccache.namespace";
  public static final String PREFIX_PROPERTY = "funccache.prefix";
  /** A {@link RedisCredentialsSupplier} instance, or the name of such a class. */
  public static final String CREDENTIALS_PROPERTY = "funccache.redis.credentials";
  /** A duration ({@code 10m}) or a {@link Duration}: see {@code redis.credentialsLifetime}. */
  public static final String CREDENTIALS_LIFETIME_PROPERTY = "funccache.redis.credentialsLifetime";
  private static final Set<String> PROPERTIES = Set.of(NAMESPACE_PROPERTY, PREFIX_PROPERTY,
      URL_PROPERTY, CREDENTIALS_PROPERTY, CREDENTIALS_LIFETIME_PROPERTY);
  private static final String FORMS = "redis://[user:password@]host[:port][/db][?options],"
      + " redis-cluster://host:port,host:port[?options],"
      + " redis-sentinel://host:port,host:port/master[/db][?options] (rediss... for TLS; valkey..."
      + " and valkeys... alike),"
      + " classpath:path.yaml, file:/path.yaml or jar:file:/app.jar!/path.yaml";

  private ConfigLoader() {}

  /**
   * System property {@code funccache.redis.url}, then environment variable
   * {@code FUNCCACHE_REDIS_URL}, then {@code classpath:funccache.yaml} when present, then
   * {@code redis://127.0.0.1:6379}.
   */
  public static URI defaultUri(ClassLoader classLoader) {
    return defaultUri(classLoader, System::getenv);
  }

  static URI defaultUri(ClassLoader classLoader, Function<String, String> env) {
    String configured = System.getProperty(URL_PROPERTY);
    String from = "system property " + URL_PROPERTY;
    if (configured == null || configured.isBlank()) {
      configured = env.apply(URL_ENVIRONMENT);
      from = "environment variable " + URL_ENVIRONMENT;
    }
    if (configured != null && !configured.isBlank()) {
      try {
        return new URI(configured.trim());
      } catch (java.net.URISyntaxException e) {
        throw new ConfigException("funccache: " + from + " is not a URI: " + e.getMessage());
      }
    }
    if (classLoader != null && classLoader.getResource(DEFAULT_FILE) != null) {
      return URI.create("classpath:" + DEFAULT_FILE);
    }
    return URI.create(RedisConnectionSettings.DEFAULT_ADDRESS);
  }

  public static FuncCacheSettings load(URI uri, ClassLoader classLoader, Properties properties) {
    return load(uri, classLoader, properties, System::getenv);
  }

  static FuncCacheSettings load(URI uri, ClassLoader classLoader, Properties properties,
      Function<String, String> env) {
    FuncCacheSettings settings = withProperties(fromUri(uri, classLoader, env), properties,
        classLoader);
    CredentialsSettings.check(settings.redis(), settings.source());
    return settings;
  }

  private static FuncCacheSettings fromUri(URI uri, ClassLoader classLoader,
      Function<String, String> env) {
    if (RedisUris.isRedis(uri)) {
      String shown = RedisUris.mask(uri);
      RedisUris.Parsed parsed = RedisUris.parse(uri, "funccache URI " + shown);
      return validated(new FuncCacheSettings(shown, parsed.connection(),
          parsed.namespace() == null ? FuncCacheSettings.DEFAULT_NAMESPACE : parsed.namespace(),
          parsed.prefix() == null ? FuncCacheSettings.DEFAULT_PREFIX : parsed.prefix(),
          CacheSettings.EMPTY, java.util.Map.of()));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "classpath" -> {
        String resource = uri.getSchemeSpecificPart();
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = classLoader == null ? null : classLoader.getResourceAsStream(name)) {
          if (in == null) {
            throw new ConfigException("funccache config " + uri + " was not found on the class path");
          }
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          return validated(new ConfigFile(uri.toString(), env, classLoader, null).parse(text));
        } catch (IOException e) {
          throw new ConfigException("funccache config " + uri + " cannot be read: " + e, e);
        }
      }
      case "file" -> {
        Path path;
        try {
          path = Path.of(uri);
        } catch (IllegalArgumentException e) {
          throw new ConfigException("funccache config " + uri + " is not a file URI ("
              + e.getMessage() + "); write file:/absolute/path.yaml");
        }
        try {
          String text = Files.readString(path, StandardCharsets.UTF_8);
          return validated(new ConfigFile(path.toString(), env, classLoader,
              path.toAbsolutePath().getParent()).parse(text));
        } catch (NoSuchFileException e) {
          throw new ConfigException("funccache config file " + path + " does not exist", e);
        } catch (IOException e) {
          throw new ConfigException("funccache config file " + path + " cannot be read: " + e, e);
        }
      }
      case "jar" -> {
        // What frameworks hand over for a class-path resource inside a jar (Spring's
        // spring.cache.jcache.config, for one).
        try (InputStream in = uri.toURL().openStream()) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          return validated(new ConfigFile(uri.toString(), env, classLoader, null).parse(text));
        } catch (IOException | IllegalArgumentException e) {
          throw new ConfigException("funccache config " + uri + " cannot be read: " + e, e);
        }
      }
      default -> throw new ConfigException("funccache cannot use the URI '" + RedisUris.mask(uri)
          + "'; accepted forms: " + FORMS);
    }
  }

  private static FuncCacheSettings withProperties(FuncCacheSettings settings,
      Properties properties, ClassLoader classLoader) {
    if (properties == null || properties.isEmpty()) {
      return settings;
    }
    // Every key, not only those with text values: a supplier object under a misspelt name fails.
    for (Object key : properties.keySet()) {
      if (key instanceof String name && name.startsWith("funccache.")
          && !PROPERTIES.contains(name)) {
        throw new ConfigException("funccache: unknown manager property '" + name + "'; known: "
            + String.join(", ", PROPERTIES.stream().sorted().toList()));
      }
    }
    String namespace = properties.getProperty(NAMESPACE_PROPERTY, settings.namespace());
    String prefix = properties.getProperty(PREFIX_PROPERTY, settings.prefix());
    return validated(new FuncCacheSettings(settings.source(),
        withCredentials(settings.redis(), properties, classLoader), namespace, prefix,
        settings.defaults(), settings.caches(), settings.cachePatterns(), settings.policies()));
  }

  /**
   * The manager properties' credentials supplier and lifetime over the URI's or file's. A
   * {@link Properties} may hold objects, so a supplier built in code (with its own token
   * client) is passed as it is.
   */
  private static RedisConnectionSettings withCredentials(RedisConnectionSettings redis,
      Properties properties, ClassLoader classLoader) {
    Object supplier = properties.get(CREDENTIALS_PROPERTY);
    Object lifetime = properties.get(CREDENTIALS_LIFETIME_PROPERTY);
    if (supplier == null && lifetime == null) {
      return redis;
    }
    RedisCredentialsSupplier credentials = redis.credentials();
    if (supplier instanceof RedisCredentialsSupplier given) {
      credentials = given;
    } else if (supplier instanceof String className) {
      credentials = CredentialsSettings.instantiate(className, classLoader,
          "funccache: manager property " + CREDENTIALS_PROPERTY);
    } else if (supplier != null) {
      throw new ConfigException("funccache: manager property " + CREDENTIALS_PROPERTY
          + " is a " + supplier.getClass().getName() + "; give a "
          + RedisCredentialsSupplier.class.getName() + " or the name of such a class");
    }
    Duration renewed = redis.credentialsLifetime();
    if (lifetime instanceof Duration given) {
      renewed = given;
    } else if (lifetime instanceof String text) {
      renewed = Durations.parse(text,
          "funccache: manager property " + CREDENTIALS_LIFETIME_PROPERTY);
    } else if (lifetime != null) {
      throw new ConfigException("funccache: manager property "
          + CREDENTIALS_LIFETIME_PROPERTY + " is a " + lifetime.getClass().getName()
          + "; give a duration such as 10m, or a java.time.Duration");
    }
    return redis.withCredentials(credentials, renewed);
  }

  private static FuncCacheSettings validated(FuncCacheSettings settings) {
    for (String[] part : new String[][] {{"namespace", settings.namespace()},
        {"prefix", settings.prefix()}}) {
      if (part[1].contains("{") || part[1].contains("}")) {
        throw new ConfigException("funccache config " + settings.source() + ": " + part[0] + " '"
            + part[1] + "' must not contain { or } (they would break the Redis hash tag)");
      }
    }
    if (settings.namespace().isEmpty()) {
      throw new ConfigException("funccache config " + settings.source() + ": namespace is empty");
    }
    return settings;
  }
}
