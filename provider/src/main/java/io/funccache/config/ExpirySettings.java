package io.funccache.config;

import java.time.Duration;

/**
 * A constant JCache expiry policy from a config file.
 *
 * @param kind which {@code javax.cache.expiry} policy
 * @param duration its duration; ignored for {@link Kind#ETERNAL}
 */
public record ExpirySettings(Kind kind, Duration duration) {

  /** The policies of {@code javax.cache.expiry}. */
  public enum Kind {
    CREATED,
    ACCESSED,
    MODIFIED,
    TOUCHED,
    ETERNAL
  }
}
