package io.funccache.cache;

import io.funccache.store.ShardedStore;
import io.funccache.store.StoreReplies.Leased;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.cache.CacheException;

/**
 * Compute-once for entry processors on a missing entry. The read that finds the entry missing
 * also takes the key's lease in Redis (one call); only the lease's holder runs its processor on
 * the missing entry, and its write ends the lease in the same call. Everyone else waits, then
 * reads again and runs its processor on what is there. In this JVM one thread per key polls
 * Redis and the others wait for it locally.
 *
 * <p>Leases only decide who goes first: atomicity still comes from the compare-and-set of the
 * write, so a caller that stops waiting (the lease lapsed, or it waited two leases) loses nothing
 * but the compute-once. A thread that holds a lease (here or in {@link SingleFlight}) never waits
 * for another one, so processors, loaders and listeners that call back into a cache cannot
 * deadlock on leases.
 */
final class InvokeLeases {
  private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** How many leases (invoke or single flight) the current thread holds, in any cache. */
  private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[1]);

  private final String cacheName;
  private final ShardedStore store;
  private final long leaseMillis;
  private final long leaseNanos;
  private final String ownerPrefix;
  private final AtomicLong sequence = new AtomicLong();
  /** Keys on which a thread of this JVM holds the lease or polls for it. */
  private final ConcurrentMap<ByteBuffer, Gate> gates = new ConcurrentHashMap<>();

  InvokeLeases(String cacheName, ShardedStore store, Duration lease) {
    this.cacheName = cacheName;
    this.store = store;
    this.leaseMillis = lease.toMillis();
    this.leaseNanos = TimeUnit.MILLISECONDS.toNanos(leaseMillis);
    // Unique per invoke: threads of one manager must not share a lease ('|' ends the owner).
    this.ownerPrefix = store.origin() + "/";
  }

  /** Whether the current thread holds some lease: then it must not wait for another. */
  static boolean heldByThisThread() {
    return HELD.get()[0] > 0;
  }

  static void enterHeld() {
    HELD.get()[0]++;
  }

  static void exitHeld() {
    HELD.get()[0]--;
  }

  /** How long a caller may end up waiting for leases, at most. */
  long maxWaitNanos() {
    return 2 * leaseNanos;
  }

  /**
   * What an entry processor runs on: the entry's bytes (null: missing), and on a miss the lease
   * this caller must end, or null when it runs without one (the entry exists; or this thread
   * holds another lease; or it waited two leases for others).
   */
  record Read(byte[] value, Lease lease) {}

  Read read(byte[] id) {
    if (heldByThisThread()) {
      return new Read(store.peek(id).value(), null);
    }
    ByteBuffer key = ByteBuffer.wrap(id);
    byte[] owner = (ownerPrefix + sequence.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
    long waitUntil = System.nanoTime() + 2 * leaseNanos;
    long pause = MIN_POLL_NANOS;
    Gate polling = null; // set while this thread polls Redis for the threads of this JVM
    boolean pastGates = false; // a local holder outlived its lease: go to Redis directly
    try {
      while (true) {
        if (polling == null && !pastGates) {
          Gate other = gates.get(key);
          if (other != null) {
            pastGates = !other.await(Math.min(waitUntil, System.nanoTime() + leaseNanos),
                cacheName);
            continue;
          }
        }
        Leased leased = store.peekOrLease(id, owner, leaseMillis);
        switch (leased.state()) {
          case HIT -> {
            return new Read(leased.value(), null);
          }
          case OWNER -> {
            Gate gate = polling;
            polling = null;
            if (gate == null) {
              gate = new Gate();
              if (gates.putIfAbsent(key, gate) != null) {
                gate = null; // another thread here polls; it finds the lease taken and keeps on
              }
            }
            enterHeld();
            return new Read(null, new Lease(id, key, owner, gate));
          }
          default -> {
            if (System.nanoTime() > waitUntil) {
              return new Read(store.peek(id).value(), null);
            }
            if (polling == null && !pastGates) {
              Gate gate = new Gate();
              if (gates.putIfAbsent(key, gate) != null) {
                continue; // someone here polls already: wait for it
              }
              polling = gate;
            }
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
            pause = Math.min(MAX_POLL_NANOS, pause * 2);
            if (Thread.interrupted()) {
              Thread.currentThread().interrupt();
              throw new CacheException("Cache '" + cacheName
                  + "': interrupted while another caller computed the entry");
            }
          }
        }
      }
    } finally {
      if (polling != null) {
        open(key, polling);
      }
    }
  }

  private void open(ByteBuffer key, Gate gate) {
    gates.remove(key, gate);
    gate.open();
  }

  /** One caller's lease on a missing entry: ended by its write, or else by {@link #close}. */
  final class Lease implements AutoCloseable {
    private final byte[] id;
    private final ByteBuffer key;
    private final byte[] owner;
    private final Gate gate;
    private boolean endedInRedis;
    private boolean closed;

    private Lease(byte[] id, ByteBuffer key, byte[] owner, Gate gate) {
      this.id = id;
      this.key = key;
      this.owner = owner;
      this.gate = gate;
    }

    /** Who holds it, for the write that ends it. */
    byte[] owner() {
      return owner;
    }

    /** The write ended the lease in Redis: this JVM's waiters may go. */
    void ended() {
      endedInRedis = true;
      if (gate != null) {
        open(key, gate);
      }
    }

    /** Ends the lease if no write did (the processor wrote nothing, or threw). */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (!endedInRedis) {
          store.release(id, owner);
        }
      } catch (RuntimeException e) {
        // Redis failed: the lease lapses by itself; the caller's own outcome matters more.
      } finally {
        if (gate != null) {
          open(key, gate);
        }
        exitHeld();
      }
    }
  }

  /** Opens once: threads of this JVM waiting for one key's lease to end. */
  private static final class Gate {
    private final CountDownLatch latch = new CountDownLatch(1);

    void open() {
      latch.countDown();
    }

    /** False when {@code untilNanos} came first. */
    boolean await(long untilNanos, String cacheName) {
      try {
        return latch.await(untilNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CacheException("Cache '" + cacheName
            + "': interrupted while another caller computed the entry", e);
      }
    }
  }
}
