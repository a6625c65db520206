package io.funccache;

/**
 * Redis answered but refused a write because it is over {@code maxmemory} (with a {@code
 * noeviction} policy, or nothing left to evict). Reads and removals still work on such a server.
 * It extends {@link RedisUnavailableException} because, to the application, the cache cannot take
 * writes for now: annotated methods fail open on it as on an outage. funccache's circuit breaker
 * does not count it as an outage, since Redis did answer.
 */
public class RedisOutOfMemoryException extends RedisUnavailableException {
  private static final long serialVersionUID = 1L;

  public RedisOutOfMemoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
