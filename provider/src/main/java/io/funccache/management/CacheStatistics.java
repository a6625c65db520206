package io.funccache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * One cache's statistics in this JVM, exact and visible at once. Counters are per JVM, as the
 * specification's MXBean is; they start at zero whenever the cache is (re)created here.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private final LongAdder undecodable = new LongAdder();
  private volatile boolean enabled;

  public CacheStatistics(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public void recordHits(long n) {
    if (enabled && n > 0) {
      hits.add(n);
    }
  }

  public void recordMisses(long n) {
    if (enabled && n > 0) {
      misses.add(n);
    }
  }

  public void recordPuts(long n) {
    if (enabled && n > 0) {
      puts.add(n);
    }
  }

  public void recordRemovals(long n) {
    if (enabled && n > 0) {
      removals.add(n);
    }
  }

  public void recordEvictions(long n) {
    if (enabled && n > 0) {
      evictions.add(n);
    }
  }

  /** Counted even while statistics are off: it is a health signal, not a JCache statistic. */
  public void recordUndecodable() {
    undecodable.increment();
  }

  /** What {@link #startTimer} returns while statistics are off: the operation is not timed. */
  public static final long NOT_TIMED = Long.MIN_VALUE;

  /**
   * The start of an operation for the record*Time methods; reads the clock only while statistics
   * are on. An operation started while they were off is not timed even if they are turned on.
   */
  public long startTimer() {
    return enabled ? System.nanoTime() : NOT_TIMED;
  }

  public void recordGetTime(long startNanos) {
    if (enabled && startNanos != NOT_TIMED) {
      getNanos.add(System.nanoTime() - startNanos);
    }
  }

  public void recordPutTime(long startNanos) {
    if (enabled && startNanos != NOT_TIMED) {
      putNanos.add(System.nanoTime() - startNanos);
    }
  }

  public void recordRemoveTime(long startNanos) {
    if (enabled && startNanos != NOT_TIMED) {
      removeNanos.add(System.nanoTime() - startNanos);
    }
  }

  @Override
  public void clear() {
    for (LongAdder adder : new LongAdder[] {hits, misses, puts, removals, evictions, getNanos,
        putNanos, removeNanos, undecodable}) {
      adder.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : getCacheHits() * 100f / gets;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long gets = getCacheGets();
    return gets == 0 ? 0f : getCacheMisses() * 100f / gets;
  }

  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  /**
   * Entries whose bytes in Redis could not be decoded and that reads dropped as misses
   * ({@code onDecodeFailure: miss}); not part of the JCache MXBean.
   */
  public long getUndecodableEntries() {
    return undecodable.sum();
  }

  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private static float averageMicros(long nanos, long count) {
    return count == 0 ? 0f : nanos / 1_000f / count;
  }
}
