package io.funccache.config;

import io.funccache.RedisCredentialsSupplier;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;

/**
 * The credentials supplier and credential lifetime of a connection, as a config file or the
 * manager properties give them: a supplier named by class, checked here so that a typo fails
 * when the manager opens, naming the setting.
 */
final class CredentialsSettings {
  /** Below this, re-authenticating would be most of what a connection does. */
  static final Duration MIN_LIFETIME = Duration.ofSeconds(1);

  private CredentialsSettings() {}

  /** A new instance of the supplier class {@code className}, loaded by {@code loader}. */
  static RedisCredentialsSupplier instantiate(String className, ClassLoader loader,
      String where) {
    String name = className.trim();
    Class<?> type;
    try {
      type = Class.forName(name, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException(where + ": credentials supplier class " + name
          + " cannot be loaded (" + e + ")", e);
    }
    if (!RedisCredentialsSupplier.class.isAssignableFrom(type)) {
      throw new ConfigException(where + ": " + name + " does not implement "
          + RedisCredentialsSupplier.class.getName());
    }
    try {
      return (RedisCredentialsSupplier) type.getConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new ConfigException(where + ": credentials supplier " + name
          + " has no public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new ConfigException(where + ": credentials supplier " + name
          + " failed in its constructor: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ConfigException(where + ": credentials supplier " + name
          + " cannot be created: " + e, e);
    }
  }

  /**
   * A supplier replaces a fixed username and password, and a lifetime means nothing without
   * one; both mistakes would otherwise leave connections authenticating in a way nobody chose.
   */
  static void check(RedisConnectionSettings redis, String source) {
    if (redis.credentials() != null && (redis.password() != null || redis.username() != null)) {
      throw new ConfigException("funccache config " + source + ": a credentials supplier ("
          + redis.credentials().getClass().getName() + ") replaces username and password;"
          + " remove them from the URL and the config");
    }
    if (redis.credentialsLifetime() != null && redis.credentials() == null) {
      throw new ConfigException("funccache config " + source + ": credentialsLifetime needs a"
          + " credentials supplier (redis.credentials or the manager property "
          + ConfigLoader.CREDENTIALS_PROPERTY + ") to ask for fresh credentials");
    }
    if (redis.credentialsLifetime() != null
        && redis.credentialsLifetime().compareTo(MIN_LIFETIME) < 0) {
      throw new ConfigException("funccache config " + source + ": credentialsLifetime "
          + redis.credentialsLifetime() + " is shorter than " + MIN_LIFETIME);
    }
  }
}
