package io.funccache.expiry;

import java.util.concurrent.TimeUnit;
import javax.cache.expiry.Duration;

/**
 * JCache durations as the scripts take them: {@link #KEEP} (null: the deadline stays as it is),
 * {@link #ETERNAL}, {@link #ZERO} (expire at once), or a positive number of milliseconds.
 */
public final class ExpiryCodes {
  public static final long KEEP = -2;
  public static final long ETERNAL = -1;
  public static final long ZERO = 0;

  private ExpiryCodes() {}

  public static long of(Duration duration) {
    if (duration == null) {
      return KEEP;
    }
    if (duration.isEternal()) {
      return ETERNAL;
    }
    if (duration.isZero()) {
      return ZERO;
    }
    TimeUnit unit = duration.getTimeUnit();
    long millis = unit.toMillis(duration.getDurationAmount());
    // A positive duration shorter than a millisecond still lives, for one millisecond.
    return Math.max(1, millis);
  }

  /** For creation a null duration means the default: the entry does not expire. */
  public static long forCreation(Duration duration) {
    return duration == null ? ETERNAL : of(duration);
  }
}
