package io.funccache.store;

import java.time.Clock;
import java.time.InstantSource;

/**
 * What the scripts take as "now". With the system clock, Redis's own: the header carries no
 * "now" and the scripts read {@code TIME} (when a call needs the time at all), so JVMs whose
 * clocks disagree by minutes still agree on every expiry deadline, lease and LRU_T score. An injected clock (tests, simulations) is
 * anchored to Redis's time at its first use and then moves exactly as far as it moves, so a test
 * that advances it controls time in the scripts to the millisecond.
 */
final class ScriptClock {
  private final InstantSource injected; // null: Redis's clock
  private final ScriptRunner runner;
  private final String cacheName;
  private final CacheKeys keys;
  private volatile boolean anchored;
  private long serverAnchor;
  private long clockAnchor;

  ScriptClock(InstantSource clock, ScriptRunner runner, String cacheName, CacheKeys keys) {
    this.injected = isSystem(clock) ? null : clock;
    this.runner = runner;
    this.cacheName = cacheName;
    this.keys = keys;
  }

  private static boolean isSystem(InstantSource clock) {
    return clock == null || clock == InstantSource.system()
        || (clock instanceof Clock c && Clock.systemUTC().withZone(c.getZone()).equals(c));
  }

  /** The header's "now" for one call, or null when Redis's clock decides (no argument). */
  byte[] argument() {
    if (injected == null) {
      return null;
    }
    if (!anchored) {
      anchor();
    }
    return CacheStore.number(serverAnchor + (injected.millis() - clockAnchor));
  }

  private synchronized void anchor() {
    if (!anchored) {
      clockAnchor = injected.millis();
      serverAnchor = runner.serverTimeMillis(cacheName, keys.index(), keys.encoded());
      anchored = true;
    }
  }
}
