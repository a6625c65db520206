package io.funccache.store;

import java.time.Clock;
import java.time.InstantSource;

/**
 * What the scripts take as "now". With the system clock, Redis's own: the header says "server
 * time" and the scripts read {@code TIME}, so JVMs whose clocks disagree by minutes still agree
 * on every expiry deadline, lease and LRU_T score. An injected clock (tests, simulations) is
 * anchored to Redis's time at its first use and then moves exactly as far as it moves, so a test
 * that advances it controls time in the scripts to the millisecond.
 */
final class ScriptClock {
  /** The header's "now" when Redis's clock decides: an empty argument. */
  private static final byte[] SERVER_TIME = new byte[0];

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

  /** The header argument for one call. */
  byte[] argument() {
    if (injected == null) {
      return SERVER_TIME;
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
