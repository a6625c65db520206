package io.funccache.cache;

import io.funccache.store.ShardedStore;
import io.funccache.store.StoreReplies.Leased;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * Stampede protection for one cache: concurrent misses on a key run the computation once. In this
 * JVM, threads missing the same key share one flight; across JVMs, the flight that wins the
 * key's lease in Redis computes and stores, the others poll until the value appears. A lease
 * lapses after its length, so a client that dies while computing delays the others by at most
 * that, and the wait of every caller is bounded by the lease plus one more computation's lease.
 */
final class SingleFlight<K, V> {
  private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final String cacheName;
  private final ShardedStore store;
  private final long leaseMillis;
  private final ConcurrentMap<ByteBuffer, CompletableFuture<V>> flights = new ConcurrentHashMap<>();

  SingleFlight(String cacheName, ShardedStore store, Duration lease) {
    this.cacheName = cacheName;
    this.store = store;
    this.leaseMillis = lease.toMillis();
  }

  /**
   * The value of {@code key}: read, or computed by exactly one caller and stored with
   * {@code store}. {@code decode} turns a value found in Redis into V.
   */
  V get(K key, byte[] id, long access, Function<byte[], V> decode,
      Supplier<V> compute, java.util.function.Consumer<V> storeValue) {
    ByteBuffer flightKey = ByteBuffer.wrap(id);
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> running = flights.putIfAbsent(flightKey, mine);
    if (running != null) {
      return join(running, key);
    }
    try {
      V value = fly(key, id, access, decode, compute, storeValue);
      mine.complete(value);
      return value;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      flights.remove(flightKey, mine);
    }
  }

  private V fly(K key, byte[] id, long access, Function<byte[], V> decode, Supplier<V> compute,
      java.util.function.Consumer<V> storeValue) {
    long giveUpAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * leaseMillis);
    long pause = MIN_POLL_NANOS;
    while (true) {
      Leased leased = store.lease(id, leaseMillis, access);
      switch (leased.state()) {
        case HIT -> {
          V value = decode.apply(leased.value());
          if (value != null) {
            return value;
          }
          // Undecodable, and dropped (onDecodeFailure: miss): lease again, now as a miss.
          if (System.nanoTime() > giveUpAt) {
            throw gaveUp(key);
          }
        }
        case OWNER -> {
          // While it computes, this thread holds a lease: it must not wait for another one.
          InvokeLeases.enterHeld();
          try {
            V value = compute.get();
            if (value != null) {
              storeValue.accept(value);
            }
            return value;
          } finally {
            InvokeLeases.exitHeld();
            store.release(id);
          }
        }
        default -> {
          if (System.nanoTime() > giveUpAt) {
            throw gaveUp(key);
          }
          LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
          pause = Math.min(MAX_POLL_NANOS, pause * 2);
        }
      }
    }
  }

  private CacheException gaveUp(K key) {
    return new CacheException("Cache '" + cacheName + "': waited " + 2 * leaseMillis
        + " ms for another client computing " + key + "; giving up");
  }

  private V join(CompletableFuture<V> running, K key) {
    try {
      return running.get(2 * leaseMillis + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new CacheException("Cache '" + cacheName + "': computing " + key + " failed",
          e.getCause());
    } catch (TimeoutException e) {
      throw new CacheException("Cache '" + cacheName + "': waited too long for " + key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("Cache '" + cacheName + "': interrupted waiting for " + key, e);
    }
  }
}
