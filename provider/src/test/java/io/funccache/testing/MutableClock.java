package io.funccache.testing;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand, so that expiry tests never sleep. */
public final class MutableClock implements InstantSource {
  private final AtomicLong millis;

  public MutableClock(long startMillis) {
    this.millis = new AtomicLong(startMillis);
  }

  public void advance(long deltaMillis) {
    millis.addAndGet(deltaMillis);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }
}
