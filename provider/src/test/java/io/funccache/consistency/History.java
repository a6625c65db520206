package io.funccache.consistency;

import io.funccache.RedisOutcomeUnknownException;
import io.funccache.RedisUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every call a consistency test makes: what it asked, when it was invoked and when it completed
 * (a shared logical clock, so calls of all threads are ordered in real time), and how it ended.
 */
final class History {
  /** How a call ended, as the caller can tell. */
  enum Outcome {
    /** Returned normally: the result is definite. */
    OK,
    /** Failed before anything was sent (breaker open, no connection): nothing was applied. */
    NOT_SENT,
    /** Failed after it was sent and no answer came: it may or may not have applied. */
    UNKNOWN
  }

  /** One call: the operation's key and arguments, its result, and its place in time. */
  record Call(String op, String key, Object expected, Object value, Object result,
      Outcome outcome, long invoked, long completed, String thread) {}

  private final AtomicLong clock = new AtomicLong();
  private final List<Call> calls = new ArrayList<>();

  /** Runs one call and records it; a failure other than Redis's availability is rethrown. */
  <T> Outcome record(String op, String key, Object expected, Object value, Supplier<T> call) {
    long invoked = clock.incrementAndGet();
    Object result = null;
    Outcome outcome;
    try {
      result = call.get();
      outcome = Outcome.OK;
    } catch (RedisOutcomeUnknownException e) {
      outcome = Outcome.UNKNOWN;
    } catch (RedisUnavailableException e) {
      outcome = Outcome.NOT_SENT;
    }
    long completed = clock.incrementAndGet();
    synchronized (calls) {
      calls.add(new Call(op, key, expected, value, result, outcome, invoked, completed,
          Thread.currentThread().getName()));
    }
    return outcome;
  }

  List<Call> calls() {
    synchronized (calls) {
      return new ArrayList<>(calls);
    }
  }

  long count(String op, Outcome outcome) {
    return calls().stream().filter(c -> c.op().equals(op) && c.outcome() == outcome).count();
  }
}
