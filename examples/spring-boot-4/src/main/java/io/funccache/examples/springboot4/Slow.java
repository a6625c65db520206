package io.funccache.examples.springboot4;

/** Stands in for the expensive work a cached method saves. */
final class Slow {
  static final long MILLIS = Long.getLong("example.slow.millis", 200);

  private Slow() {}

  static void pause() {
    try {
      Thread.sleep(MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
