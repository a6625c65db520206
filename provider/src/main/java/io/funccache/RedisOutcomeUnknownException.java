package io.funccache;

/**
 * A write was sent to Redis and no answer came in time (a timeout, a connection lost while
 * waiting): it may or may not have been applied, and funccache did not send it again, so it was
 * applied at most once. The caller decides: read the entry to see, or treat the outcome as
 * unknown. Every other {@link RedisUnavailableException} of a write means the write was not sent
 * and nothing was applied. Annotated methods fail open on it as on any unavailability.
 */
public class RedisOutcomeUnknownException extends RedisUnavailableException {
  private static final long serialVersionUID = 1L;

  public RedisOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean mayHaveApplied() {
    return true;
  }
}
