package io.funccache.config;

import javax.cache.CacheException;

/** A manager URI or config file is malformed; the message names it and what is wrong. */
public class ConfigException extends CacheException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
