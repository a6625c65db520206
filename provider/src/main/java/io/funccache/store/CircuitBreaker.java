package io.funccache.store;

import io.funccache.RedisUnavailableException;
import java.util.function.LongSupplier;

/**
 * One cache store's view of whether Redis answers. After {@link #FAILURES} calls in a row fail
 * for want of Redis (timeouts, lost connections), calls fail at once for {@link #OPEN_MILLIS};
 * then one call probes. Any reply closes the breaker again, an error reply included (an OOM,
 * BUSY or READONLY answer is that call's error, not an outage), so only a probe that gets no
 * answer reopens it. A probe that has not come back within {@link #OPEN_MILLIS} lets the next
 * caller probe too, so no state outlives one probe. A dead Redis (or cluster master) thus costs
 * callers no timeouts and gets about one probe a second; each state change is logged once.
 */
final class CircuitBreaker {
  static final int FAILURES = 5;
  static final long OPEN_MILLIS = 1_000;
  private static final long OPEN_NANOS = OPEN_MILLIS * 1_000_000;
  private static final System.Logger LOG = System.getLogger(CircuitBreaker.class.getName());

  enum State { CLOSED, OPEN, PROBING }

  private final String cacheName;
  private final String server;
  private final LongSupplier nanoTime;
  // Volatile so that the common case (closed, no failures) costs every call a read, not a lock.
  private volatile State state = State.CLOSED;
  private volatile int failures;
  private long since; // when the current OPEN or PROBING state began

  CircuitBreaker(String cacheName, String server) {
    this(cacheName, server, System::nanoTime);
  }

  CircuitBreaker(String cacheName, String server, LongSupplier nanoTime) {
    this.cacheName = cacheName;
    this.server = server;
    this.nanoTime = nanoTime;
  }

  State state() {
    return state;
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
    long now = nanoTime.getAsLong();
    if (now - since >= OPEN_NANOS) {
      // OPEN long enough: this call probes. PROBING this long: the probe is lost or hangs, so
      // this call probes as well rather than leave the cache failing until a restart.
      state = State.PROBING;
      since = now;
      return;
    }
    throw new RedisUnavailableException("Cache '" + cacheName + "': Redis at " + server
        + " is unavailable (" + failures + " failures in a row); failing fast until it answers");
  }

  /** Redis replied to a call, with a result or with an error of that call. */
  void onAnswer() {
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

  /** A call got no answer from Redis (timeout, refused or lost connection). */
  synchronized void onUnavailable() {
    failures++;
    if (state == State.PROBING || (state == State.CLOSED && failures >= FAILURES)) {
      if (state == State.CLOSED) {
        LOG.log(System.Logger.Level.WARNING, "funccache cache '" + cacheName + "': Redis at "
            + server + " failed " + failures + " times in a row; failing fast, probing every "
            + OPEN_MILLIS + " ms");
      }
      state = State.OPEN;
      since = nanoTime.getAsLong();
    }
  }
}
