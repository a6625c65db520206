package io.funccache;

import javax.cache.CacheException;

/**
 * Redis could not be reached in time, or a cache's circuit breaker is open after repeated such
 * failures (calls then fail at once instead of waiting for timeouts). Annotation interceptors
 * treat it as "no cache" when the cache is configured to fail open.
 *
 * <p>For a write, this exception itself means the write was not sent (no connection, the breaker
 * open), so nothing was applied; its subclass {@link RedisOutcomeUnknownException} means it was
 * sent and may have been applied ({@link #mayHaveApplied()}).
 */
public class RedisUnavailableException extends CacheException {
  private static final long serialVersionUID = 1L;

  public RedisUnavailableException(String message) {
    super(message);
  }

  public RedisUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the failed call may have been applied in Redis (false: it certainly was not). */
  public boolean mayHaveApplied() {
    return false;
  }
}
