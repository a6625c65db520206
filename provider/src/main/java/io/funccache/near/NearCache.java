package io.funccache.near;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The opt-in local tier of one cache in this JVM: encoded values by encoded key, bounded by
 * {@code maxSize}, each kept at most {@code ttl} (the staleness bound, should an invalidation be
 * lost) and never past the entry's expiry deadline in Redis. Writes in this JVM and changes
 * published by other JVMs invalidate entries; values stay encoded, so every hit decodes a fresh
 * copy (store-by-value).
 */
public final class NearCache {
  private final Cache<ByteBuffer, Held> entries;
  private final InstantSource clock;
  private final long ttlMillis;
  /** Moves on every invalidation, so that a read racing one never caches what it replaced. */
  private final AtomicLong generation = new AtomicLong();

  private record Held(byte[] value, long expiresAtMillis) {}

  public NearCache(long maxSize, Duration ttl, InstantSource clock) {
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.entries = Caffeine.newBuilder()
        .maximumSize(maxSize)
        .ticker(ticker(clock))
        .expireAfter(new Expiry<ByteBuffer, Held>() {
          @Override
          public long expireAfterCreate(ByteBuffer key, Held held, long currentTime) {
            return remaining(held);
          }

          @Override
          public long expireAfterUpdate(ByteBuffer key, Held held, long currentTime,
              long currentDuration) {
            return remaining(held);
          }

          @Override
          public long expireAfterRead(ByteBuffer key, Held held, long currentTime,
              long currentDuration) {
            return currentDuration;
          }
        })
        .build();
  }

  private long remaining(Held held) {
    return TimeUnit.MILLISECONDS.toNanos(Math.max(0, held.expiresAtMillis() - clock.millis()));
  }

  private static Ticker ticker(InstantSource clock) {
    return () -> TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }

  /** The encoded value held for {@code id}, or null. */
  public byte[] get(byte[] id) {
    Held held = entries.getIfPresent(ByteBuffer.wrap(id));
    if (held == null || held.expiresAtMillis() <= clock.millis()) {
      return null;
    }
    return held.value();
  }

  /** Taken before a read from Redis, and handed back to {@link #put}. */
  public long generation() {
    return generation.get();
  }

  /**
   * Keeps a value read from Redis; {@code remainingMillis} is what it has left to live there (-1:
   * no deadline). Nothing is kept if any invalidation arrived since {@code readGeneration}: the
   * value may be stale.
   */
  public void put(byte[] id, byte[] value, long remainingMillis, long readGeneration) {
    if (generation.get() != readGeneration) {
      return;
    }
    long expiresAt = clock.millis() + (remainingMillis >= 0 ? Math.min(ttlMillis, remainingMillis)
        : ttlMillis);
    entries.put(ByteBuffer.wrap(id.clone()), new Held(value, expiresAt));
  }

  /** Entries held now (after pending evictions): for tools and tests. */
  public long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  public void invalidate(byte[] id) {
    generation.incrementAndGet();
    entries.invalidate(ByteBuffer.wrap(id));
  }

  public void invalidateAll() {
    generation.incrementAndGet();
    entries.invalidateAll();
  }
}
