package io.funccache.testing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Sleeping and waiting inside lambdas that may not throw: an interrupt is kept, not thrown. */
public final class Uninterrupted {
  private Uninterrupted() {}

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the latch, at most 60 s, so a test that goes wrong ends instead of hanging. */
  public static void await(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
