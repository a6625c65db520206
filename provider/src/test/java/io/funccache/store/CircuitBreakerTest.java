package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisUnavailableException;
import io.funccache.store.CircuitBreaker.State;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every transition of the breaker, on a clock the test moves. */
class CircuitBreakerTest {
  private long now = 1_000_000_000L;
  private final CircuitBreaker breaker = new CircuitBreaker("orders", "127.0.0.1:6379", () -> now);

  private void advanceMillis(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private void failInARow(int times) {
    for (int i = 0; i < times; i++) {
      breaker.beforeCall();
      breaker.onUnavailable();
    }
  }

  private void open() {
    failInARow(CircuitBreaker.FAILURES);
    assertEquals(State.OPEN, breaker.state());
  }

  @Test
  void fewerFailuresThanTheThresholdKeepItClosed() {
    failInARow(CircuitBreaker.FAILURES - 1);
    assertEquals(State.CLOSED, breaker.state());
    assertDoesNotThrow(breaker::beforeCall);
  }

  @Test
  void anAnswerBetweenFailuresStartsTheCountAgain() {
    failInARow(CircuitBreaker.FAILURES - 1);
    breaker.onAnswer();
    failInARow(CircuitBreaker.FAILURES - 1);
    assertEquals(State.CLOSED, breaker.state());
  }

  @Test
  void theThresholdOpensItAndCallsFailAtOnceNamingTheCache() {
    open();
    RedisUnavailableException e = assertThrows(RedisUnavailableException.class, breaker::beforeCall);
    assertTrue(e.getMessage().contains("'orders'") && e.getMessage().contains("127.0.0.1:6379"),
        e.getMessage());
  }

  @Test
  void afterThePauseOneCallProbesWhileTheOthersStillFailFast() {
    open();
    advanceMillis(CircuitBreaker.OPEN_MILLIS);
    assertDoesNotThrow(breaker::beforeCall);
    assertEquals(State.PROBING, breaker.state());
    assertThrows(RedisUnavailableException.class, breaker::beforeCall);
  }

  @Test
  void aProbeThatSucceedsClosesIt() {
    open();
    advanceMillis(CircuitBreaker.OPEN_MILLIS);
    breaker.beforeCall();
    breaker.onAnswer();
    assertEquals(State.CLOSED, breaker.state());
    assertDoesNotThrow(breaker::beforeCall);
  }

  @Test
  void aProbeWithNoAnswerReopensItForAnotherPause() {
    open();
    advanceMillis(CircuitBreaker.OPEN_MILLIS);
    breaker.beforeCall();
    breaker.onUnavailable();
    assertEquals(State.OPEN, breaker.state());
    advanceMillis(CircuitBreaker.OPEN_MILLIS - 1);
    assertThrows(RedisUnavailableException.class, breaker::beforeCall);
    advanceMillis(1);
    assertDoesNotThrow(breaker::beforeCall);
  }

  @Test
  void aProbeAnsweredWithAnErrorReplyClosesIt() {
    // An OOM, BUSY or READONLY reply: CacheStore reports it as an answer, not an outage.
    open();
    advanceMillis(CircuitBreaker.OPEN_MILLIS);
    breaker.beforeCall();
    breaker.onAnswer();
    assertEquals(State.CLOSED, breaker.state());
    failInARow(CircuitBreaker.FAILURES - 1);
    assertEquals(State.CLOSED, breaker.state(), "the failure count starts again after an answer");
  }

  @Test
  void aProbeThatNeverComesBackLetsAnotherCallerProbeAfterThePause() {
    open();
    advanceMillis(CircuitBreaker.OPEN_MILLIS);
    breaker.beforeCall(); // this probe is lost: neither onAnswer nor onUnavailable follows
    advanceMillis(CircuitBreaker.OPEN_MILLIS - 1);
    assertThrows(RedisUnavailableException.class, breaker::beforeCall);
    advanceMillis(1);
    assertDoesNotThrow(breaker::beforeCall);
    breaker.onAnswer();
    assertEquals(State.CLOSED, breaker.state());
  }

  @Test
  void anAnswerWhileOpenClosesIt() {
    // A call that started before the breaker opened and gets its reply afterwards.
    open();
    breaker.onAnswer();
    assertEquals(State.CLOSED, breaker.state());
  }
}
