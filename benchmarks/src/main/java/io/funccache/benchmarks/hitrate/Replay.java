package io.funccache.benchmarks.hitrate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Replays a trace the way an application uses a cache aside: one get per request and, on a miss,
 * one put of that key. Requests go strictly in trace order, one at a time.
 */
public final class Replay {
  /** What every entry holds: the replay counts hits, the value does not matter. */
  static final byte[] VALUE = {1};

  private Replay() {}

  /** Requests between two reports to a replay's progress. */
  private static final int PROGRESS_STEP = 4096;

  /** Hits of the cache behind {@code get} and {@code put}. */
  public static long hits(Trace trace, Function<String, byte[]> get,
      BiConsumer<String, byte[]> put) {
    return hits(trace, get, put, done -> { });
  }

  /** The same, telling {@code progress} every few thousand requests how many more were replayed. */
  public static long hits(Trace trace, Function<String, byte[]> get,
      BiConsumer<String, byte[]> put, LongConsumer progress) {
    int[] ids = trace.ids();
    String[] keys = trace.keys();
    long hits = 0;
    for (int i = 0; i < ids.length; i++) {
      String key = keys[ids[i]];
      if (get.apply(key) != null) {
        hits++;
      } else {
        put.accept(key, VALUE);
      }
      if ((i + 1) % PROGRESS_STEP == 0) {
        progress.accept(PROGRESS_STEP);
      }
    }
    progress.accept(ids.length % PROGRESS_STEP);
    return hits;
  }

  /** javax.cache: a funccache cache, in the benchmark. */
  public static long hits(Trace trace, javax.cache.Cache<String, byte[]> cache) {
    return hits(trace, cache::get, cache::put);
  }

  /**
   * Caffeine itself, a local cache bounded to {@code maximumSize} entries. Its maintenance (where
   * eviction happens) runs on the calling thread, so the run does not depend on a pool's timing.
   */
  public static long caffeineHits(Trace trace, int maximumSize) {
    Cache<String, byte[]> cache = Caffeine.newBuilder().maximumSize(maximumSize)
        .executor(Runnable::run).build();
    return hits(trace, cache::getIfPresent, cache::put);
  }
}
