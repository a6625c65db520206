package io.funccache.store;

import io.funccache.RedisUnavailableException;

/**
 * One cache store's view of whether Redis answers. After {@link #FAILURES} calls in a row fail
 * for want of Redis (timeouts, lost connections), calls fail at once for {@link #OPEN_MILLIS};
 * then one call probes, and success closes the breaker again. So a dead Redis (or cluster master)
 * costs callers no timeouts and gets one probe a second; each state change is logged once.
 */
final class CircuitBreaker {
  static final int FAILURES = 5;
  static final long OPEN_MILLIS = 1_000;
  private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

  private enum State { CLOSED, OPEN, PROBING }

  private final String cacheName;
  private final String server;
  // Volatile so that the common case (closed, no failures) costs every call a read, not a lock.
  private volatile State state = State.CLOSED;
  private volatile int failures;
  private long openedAt;

  CircuitBreaker(String cacheName, String server) {
    this.cacheName = cacheName;
    this.server = server;
  }

  /** Throws when calls must not reach Redis now; lets one probe through once the pause is over. */
  void beforeCall() {
    if (state != State.CLOSED) {
      beforeCallWhileOpen();
    }
  }

  private synchronized void beforeCallWhileOpen() {
    if (state == State.CLOSED) {
      return;
    }
    long now = System.nanoTime();
    if (state == State.OPEN && now - openedAt >= OPEN_MILLIS * 1_000_000) {
      state = State.PROBING;
      return;
    }
    throw new RedisUnavailableException("Cache '" + cacheName + "': Redis at " + server
        + " is unavailable (" + failures + " failures in a row); failing fast until it answers");
  }

  void onSuccess() {
    if (state != State.CLOSED || failures != 0) {
      recover();
    }
  }

  private synchronized void recover() {
    if (state != State.CLOSED) {
      LOG.log(System.Logger.Level.INFO, "funccache cache '" + cacheName + "': Redis at " + server
          + " answers again");
    }
    state = State.CLOSED;
    failures = 0;
  }

  synchronized void onUnavailable() {
    failures++;
    if (state == State.PROBING || (state == State.CLOSED && failures >= FAILURES)) {
      if (state == State.CLOSED) {
        LOG.log(System.Logger.Level.WARNING, "funccache cache '" + cacheName + "': Redis at "
            + server + " failed " + failures + " times in a row; failing fast, probing every "
            + OPEN_MILLIS + " ms");
      }
      state = State.OPEN;
      openedAt = System.nanoTime();
    }
  }
}
