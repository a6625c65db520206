package io.funccache.cache;

import io.funccache.RedisCacheConfiguration;
import io.funccache.event.EventDispatcher;
import io.funccache.expiry.ExpiryCalculator;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.integration.CacheIntegration;
import io.funccache.integration.CacheIntegration.BatchResult;
import io.funccache.management.CacheStatistics;
import io.funccache.processor.ProcessorResult;
import io.funccache.processor.RedisMutableEntry;
import io.funccache.processor.RedisMutableEntry.Effect;
import io.funccache.store.ShardedStore;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.store.EventChannel;
import io.funccache.store.StoreReplies.BatchLookup;
import io.funccache.store.StoreReplies.BatchRemoval;
import io.funccache.store.StoreReplies.BatchWrite;
import io.funccache.store.StoreReplies.Lookup;
import io.funccache.store.StoreReplies.PutOutcome;
import io.funccache.store.StoreReplies.Removal;
import io.funccache.store.StoreReplies.RemoveOutcome;
import io.funccache.store.StoreReplies.Write;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.EventType;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache view of one Redis-backed cache. Each data operation is one script call (one round
 * trip) unless the specification makes the client decide between a read and a write (writers,
 * loaders, entry processors, custom expiry policies). This class checks arguments, encodes and
 * decodes, calls loaders, writers and listeners, counts statistics, and translates script outcomes
 * into the specification's return values.
 */
public final class RedisCache<K, V> implements Cache<K, V> {
  /** Keys removed per call when removeAll() must name them (writers, listeners). */
  private static final int REMOVE_ALL_BATCH = 1_000;
  /** How long an entry processor may keep losing its compare-and-set before giving up. */
  private static final long MAX_INVOKE_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** The longest pause between two attempts of a contended entry processor. */
  private static final long MAX_INVOKE_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final String name;
  private final CacheManager manager;
  private final RedisCacheConfiguration<K, V> configuration;
  private final ShardedStore store;
  private final EntryCodec<K, V> codec;
  private final ExpiryCalculator expiry;
  private final CacheIntegration<K, V> integration;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;
  private final Executor executor;
  private final RemoteEvents<K, V> remote;
  private final SingleFlight<K, V> singleFlight;
  private final InvokeLeases invokeLeases;
  /** loadAll tasks not yet finished: closing waits for them before it closes the loader. */
  private final Set<CompletableFuture<Void>> pendingLoads = ConcurrentHashMap.newKeySet();
  private final Runnable onClose;
  private volatile boolean closed;

  RedisCache(String name, CacheManager manager, RedisCacheConfiguration<K, V> configuration,
      ShardedStore store, EntryCodec<K, V> codec, ExpiryCalculator expiry,
      CacheIntegration<K, V> integration, CacheStatistics statistics,
      List<EventChannel> channels, CacheRuntime runtime, Runnable onClose) {
    this.name = name;
    this.manager = manager;
    this.configuration = configuration;
    this.store = store;
    this.codec = codec;
    this.expiry = expiry;
    this.integration = integration;
    // Events name this cache as their source, so the dispatcher is born with it.
    this.events = new EventDispatcher<>(this, runtime.executor());
    this.statistics = statistics;
    this.executor = runtime.executor();
    this.remote = new RemoteEvents<>(name, store, channels, codec, events, runtime);
    this.singleFlight = configuration.isSingleFlight()
        ? new SingleFlight<>(name, store, configuration.getSingleFlightLease()) : null;
    this.invokeLeases = new InvokeLeases(name, store, configuration.getSingleFlightLease());
    this.onClose = onClose;
  }

  /** The Redis side of this cache, for tools and tests that look at the raw structures. */
  public ShardedStore store() {
    return store;
  }

  /** This JVM's statistics for the cache (also the CacheStatisticsMXBean). */
  public CacheStatistics statistics() {
    return statistics;
  }

  // Reads ------------------------------------------------------------------------------------

  @Override
  public V get(K key) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    V value = codec.decodeValue(store.get(id, expiry.scriptAccess()).value(), key, id);
    if (value != null && !expiry.isConstant()) {
      applyAccessExpiry(id);
    }
    if (value != null) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
      if (integration.readsThrough()) {
        value = !singleFlying() ? loadAndStore(key, id)
            : fly(key, id, () -> integration.load(key),
                loaded -> storeReadThrough(key, id, loaded));
      }
    }
    statistics.recordGetTime(start);
    return value;
  }

  /**
   * Cache-aside in one call: the value of {@code key}, or {@code compute}'s result, stored. With
   * {@code singleFlight} on, concurrent misses on one key in any JVM compute it once; without it,
   * each missing caller computes. A null result is returned and not stored.
   */
  public V getOrCompute(K key, Function<? super K, ? extends V> compute) {
    Objects.requireNonNull(compute, "compute must not be null");
    V value = get(key);
    if (value != null) {
      return value;
    }
    byte[] id = codec.encodeKey(key);
    if (!singleFlying()) {
      V computed = compute.apply(key);
      if (computed != null) {
        putIfAbsent(key, computed);
      }
      return computed;
    }
    return fly(key, id, () -> compute.apply(key), computed -> {
      // A cache-aside put, counted and reported as putIfAbsent would.
      afterWrite(key, computed,
          putBytes(PutMode.PUT_IF_ABSENT, id, codec.encodeValue(computed), null, false));
    });
  }

  /**
   * Whether misses go through single flight: it is on, and this thread holds no lease (a
   * processor, loader or computation calling back into a cache must not wait for a lease).
   */
  private boolean singleFlying() {
    return singleFlight != null && !InvokeLeases.heldByThisThread();
  }

  /**
   * One single flight: read, or compute once and {@code store} the result (as a put-if-absent, so
   * a put wins).
   */
  private V fly(K key, byte[] id, java.util.function.Supplier<? extends V> compute,
      java.util.function.Consumer<V> store) {
    return singleFlight.get(key, id, expiry.scriptAccess(),
        bytes -> codec.decodeValue(bytes, key, id), compute::get, store);
  }


  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys must not be null");
    long start = statistics.startTimer();
    List<K> ordered = new ArrayList<>(keys.size());
    List<byte[]> ids = new ArrayList<>(keys.size());
    for (K key : keys) {
      ordered.add(key);
      ids.add(codec.encodeKey(key));
    }
    Map<K, V> result = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return result;
    }
    BatchLookup reply = store.getAll(ids,
        expiry.scriptAccess());
    List<K> missing = new ArrayList<>();
    for (int i = 0; i < ordered.size(); i++) {
      V value = codec.decodeValue(reply.values().get(i), ordered.get(i), ids.get(i));
      if (value != null) {
        result.put(ordered.get(i), value);
        if (!expiry.isConstant()) {
          applyAccessExpiry(ids.get(i));
        }
      } else {
        missing.add(ordered.get(i));
      }
    }
    statistics.recordHits(result.size());
    statistics.recordMisses(missing.size());
    if (!missing.isEmpty() && integration.readsThrough()) {
      Map<K, V> loaded = integration.loadAll(missing);
      storeLoaded(loaded, true);
      result.putAll(loaded);
    }
    statistics.recordGetTime(start);
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    checkOpen();
    return store.contains(codec.encodeKey(key));
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
      CompletionListener completionListener) {
    checkOpen();
    Objects.requireNonNull(keys, "keys must not be null");
    for (K key : keys) {
      Objects.requireNonNull(key, "keys must not contain null");
    }
    if (!integration.hasLoader()) {
      if (completionListener != null) {
        completionListener.onCompletion();
      }
      return;
    }
    List<K> toLoad = new ArrayList<>(keys);
    CompletableFuture<Void> done = new CompletableFuture<>();
    pendingLoads.add(done);
    executor.execute(() -> {
      try {
        if (closed) {
          throw new IllegalStateException("Cache '" + name + "' was closed before loadAll ran");
        }
        List<K> wanted = toLoad;
        if (!replaceExistingValues) {
          wanted = new ArrayList<>();
          for (K key : toLoad) {
            if (!store.contains(codec.encodeKey(key))) {
              wanted.add(key);
            }
          }
        }
        if (!wanted.isEmpty()) {
          storeLoaded(integration.loadAll(wanted), !replaceExistingValues);
        }
        if (completionListener != null) {
          completionListener.onCompletion();
        }
      } catch (Exception e) {
        if (completionListener != null) {
          completionListener.onException(e instanceof CacheLoaderException ? e
              : new CacheLoaderException("Cache '" + name + "': loadAll failed", e));
        }
      } finally {
        pendingLoads.remove(done);
        done.complete(null);
      }
    });
  }

  /** Loads one missed key and stores what the loader returns (no write-through). */
  private V loadAndStore(K key, byte[] id) {
    V loaded = integration.load(key);
    if (loaded != null) {
      storeReadThrough(key, id, loaded);
    }
    return loaded;
  }

  /**
   * A read-through load stored if still absent: evictions and a created event count, a put does
   * not (a read-through get is a miss, not a put), with or without single flight.
   */
  private void storeReadThrough(K key, byte[] id, V loaded) {
    byte[] bytes = codec.encodeValue(loaded);
    Write reply = putBytes(PutMode.PUT_IF_ABSENT, id, bytes, null, false);
    statistics.recordEvictions(reply.evicted());
    if (reply.outcome() == PutOutcome.CREATED) {
      EventDispatcher.Batch<K, V> batch = events.batch();
      batch.created(key, loaded);
      batch.dispatch();
    }
  }

  /** Stores loaded values, as puts (or puts-if-absent) without write-through. */
  private void storeLoaded(Map<K, V> loaded, boolean onlyIfAbsent) {
    if (loaded.isEmpty()) {
      return;
    }
    EventDispatcher.Batch<K, V> batch = events.batch();
    for (Map.Entry<K, V> entry : loaded.entrySet()) {
      byte[] id = codec.encodeKey(entry.getKey());
      byte[] bytes = codec.encodeValue(entry.getValue());
      Write reply = putBytes(onlyIfAbsent ? PutMode.PUT_IF_ABSENT : PutMode.PUT, id, bytes, null,
          !onlyIfAbsent && wantPrevious());
      statistics.recordEvictions(reply.evicted());
      if (reply.outcome() == PutOutcome.CREATED) {
        statistics.recordPuts(1);
        batch.created(entry.getKey(), entry.getValue());
      } else if (reply.outcome() == PutOutcome.UPDATED) {
        statistics.recordPuts(1);
        batch.updated(entry.getKey(), codec.decodeValue(reply.previous(), entry.getKey()),
            entry.getValue());
      }
    }
    batch.dispatch();
  }

  // Writes -----------------------------------------------------------------------------------

  @Override
  public void put(K key, V value) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    byte[] bytes = codec.encodeValue(value);
    writeThrough(key, value);
    Write reply = putBytes(PutMode.PUT, id, bytes, null, wantPrevious());
    afterWrite(key, value, reply);
    statistics.recordPutTime(start);
  }

  @Override
  public V getAndPut(K key, V value) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    byte[] bytes = codec.encodeValue(value);
    writeThrough(key, value);
    Write reply = putBytes(PutMode.PUT, id, bytes, null, true);
    V previous = codec.decodeValue(reply.previous(), key);
    recordHitOrMiss(previous != null);
    afterWrite(key, value, reply);
    statistics.recordGetTime(start);
    statistics.recordPutTime(start);
    return previous;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    Objects.requireNonNull(map, "map must not be null");
    long start = statistics.startTimer();
    // Everything is encoded before anything is written: one bad entry leaves the cache unchanged.
    Map<K, byte[][]> encoded = new LinkedHashMap<>();
    List<Cache.Entry<K, V>> entries = new ArrayList<>(map.size());
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      K key = entry.getKey();
      V value = entry.getValue();
      encoded.put(key, new byte[][] {codec.encodeKey(key), codec.encodeValue(value)});
      entries.add(new RedisCacheEntry<>(key, value));
    }
    RuntimeException failure = null;
    if (integration.writesThrough() && !entries.isEmpty()) {
      BatchResult<Cache.Entry<K, V>> written = integration.writeAll(entries);
      entries = written.done();
      failure = written.failure();
    }
    if (!entries.isEmpty() && !expiry.isConstant()) {
      // A custom expiry policy is asked per entry, for the duration each one needs.
      for (Cache.Entry<K, V> entry : entries) {
        byte[][] pair = encoded.get(entry.getKey());
        afterWrite(entry.getKey(), entry.getValue(),
            putBytes(PutMode.PUT, pair[0], pair[1], null, wantPrevious()));
      }
    } else if (!entries.isEmpty()) {
      List<byte[]> ids = new ArrayList<>(entries.size());
      List<byte[]> values = new ArrayList<>(entries.size());
      for (Cache.Entry<K, V> entry : entries) {
        byte[][] pair = encoded.get(entry.getKey());
        ids.add(pair[0]);
        values.add(pair[1]);
      }
      boolean previous = wantPrevious();
      BatchWrite reply = store.putAll(ids, values, expiry.creation(), expiry.update(), previous);
      statistics.recordPuts(reply.created() + reply.updated());
      statistics.recordEvictions(reply.evicted());
      if (previous) {
        EventDispatcher.Batch<K, V> batch = events.batch();
        for (int i = 0; i < entries.size(); i++) {
          Cache.Entry<K, V> entry = entries.get(i);
          byte[] old = reply.previous().get(i);
          switch (reply.outcomes().get(i)) {
            case CREATED -> batch.created(entry.getKey(), entry.getValue());
            case UPDATED -> batch.updated(entry.getKey(), codec.decodeValue(old, entry.getKey()),
                entry.getValue());
            case REMOVED_EXPIRED -> batch.expired(entry.getKey(),
                codec.decodeValue(old, entry.getKey()));
            default -> { }
          }
        }
        batch.dispatch();
      }
    }
    statistics.recordPutTime(start);
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    byte[] bytes = codec.encodeValue(value);
    if (integration.writesThrough()) {
      if (store.peek(id).value() != null) {
        statistics.recordHits(1);
        return false;
      }
      writeThrough(key, value);
    }
    Write reply = putBytes(PutMode.PUT_IF_ABSENT, id, bytes, null, false);
    boolean stored = reply.outcome() == PutOutcome.CREATED
        || reply.outcome() == PutOutcome.NOT_STORED_EXPIRED;
    recordHitOrMiss(!stored);
    afterWrite(key, value, reply);
    statistics.recordPutTime(start);
    return stored;
  }

  @Override
  public boolean replace(K key, V value) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    byte[] bytes = codec.encodeValue(value);
    if (!writeThroughIfPresent(id, key, value)) {
      return false;
    }
    Write reply = putBytes(PutMode.REPLACE, id, bytes, null, wantPrevious());
    boolean replaced = reply.wasPresent();
    recordHitOrMiss(replaced);
    afterWrite(key, value, reply);
    statistics.recordPutTime(start);
    return replaced;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    Objects.requireNonNull(oldValue, "oldValue must not be null");
    byte[] expected = codec.encodeValue(oldValue);
    byte[] bytes = codec.encodeValue(newValue);
    if (integration.writesThrough()) {
      if (!holds(id, expected)) {
        return false;
      }
      writeThrough(key, newValue);
    }
    Write reply = putBytes(PutMode.REPLACE_IF_EQUALS, id, bytes, expected, wantPrevious());
    recordHitOrMiss(reply.wasPresent());
    afterWrite(key, newValue, reply);
    statistics.recordPutTime(start);
    return reply.outcome() == PutOutcome.UPDATED
        || reply.outcome() == PutOutcome.REMOVED_EXPIRED;
  }

  @Override
  public V getAndReplace(K key, V value) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    byte[] bytes = codec.encodeValue(value);
    if (!writeThroughIfPresent(id, key, value)) {
      return null;
    }
    Write reply = putBytes(PutMode.REPLACE, id, bytes, null, true);
    V previous = codec.decodeValue(reply.previous(), key);
    recordHitOrMiss(previous != null);
    afterWrite(key, value, reply);
    statistics.recordGetTime(start);
    statistics.recordPutTime(start);
    return previous;
  }

  @Override
  public boolean remove(K key) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    if (integration.writesThrough()) {
      integration.delete(key);
    }
    Removal reply = store.remove(id, null, ExpiryCodes.KEEP, events.hasListeners(EventType.REMOVED));
    boolean removed = afterRemove(key, reply);
    statistics.recordRemoveTime(start);
    return removed;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    byte[] expected = codec.encodeValue(oldValue);
    if (integration.writesThrough()) {
      if (!holds(id, expected)) {
        return false;
      }
      integration.delete(key);
    }
    Removal reply = store.remove(id, expected, expiry.scriptAccess(),
        events.hasListeners(EventType.REMOVED));
    if (reply.outcome() == RemoveOutcome.PRESENT_UNCHANGED && !expiry.isConstant()) {
      applyAccessExpiry(id);
    }
    recordHitOrMiss(reply.outcome() != RemoveOutcome.ABSENT);
    boolean removed = afterRemove(key, reply);
    statistics.recordRemoveTime(start);
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    checkOpen();
    long start = statistics.startTimer();
    byte[] id = codec.encodeKey(key);
    if (integration.writesThrough()) {
      integration.delete(key);
    }
    Removal reply = store.remove(id, null, ExpiryCodes.KEEP, true);
    V previous = codec.decodeValue(reply.previous(), key);
    recordHitOrMiss(previous != null);
    afterRemove(key, reply);
    statistics.recordGetTime(start);
    statistics.recordRemoveTime(start);
    return previous;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys must not be null");
    long start = statistics.startTimer();
    Map<K, byte[]> ids = new LinkedHashMap<>();
    for (K key : keys) {
      ids.put(key, codec.encodeKey(key));
    }
    removeKeys(ids);
    statistics.recordRemoveTime(start);
  }

  @Override
  public void removeAll() {
    checkOpen();
    long start = statistics.startTimer();
    if (!integration.writesThrough() && !events.hasListeners(EventType.REMOVED)) {
      statistics.recordRemovals(store.clear());
    } else {
      // Writers and listeners need every key (and value): walk the cache, remove in batches.
      Map<K, byte[]> batch = new LinkedHashMap<>();
      byte[] cursor = {'0'};
      do {
        var page = store.scan(cursor, REMOVE_ALL_BATCH, ExpiryCodes.KEEP);
        for (int i = 0; i < page.ids().size(); i++) {
          // A key that cannot be decoded (onDecodeFailure: miss) is dropped by decodeKey itself.
          K key = codec.decodeKey(page.ids().get(i), page.values().get(i));
          if (key != null) {
            batch.put(key, page.ids().get(i));
          }
        }
        cursor = page.last() ? null : page.cursor();
        if (batch.size() >= REMOVE_ALL_BATCH || cursor == null) {
          removeKeys(batch);
          batch = new LinkedHashMap<>();
        }
      } while (cursor != null);
    }
    statistics.recordRemoveTime(start);
  }

  /** removeAll of named keys: deleteAll through the writer first, then exactly what it deleted. */
  private void removeKeys(Map<K, byte[]> ids) {
    if (ids.isEmpty()) {
      return;
    }
    RuntimeException failure = null;
    Map<K, byte[]> toRemove = ids;
    if (integration.writesThrough()) {
      BatchResult<K> deleted = integration.deleteAll(new ArrayList<>(ids.keySet()));
      failure = deleted.failure();
      if (failure != null) {
        toRemove = new LinkedHashMap<>();
        for (K key : deleted.done()) {
          toRemove.put(key, ids.get(key));
        }
      }
    }
    if (!toRemove.isEmpty()) {
      boolean previous = events.hasListeners(EventType.REMOVED);
      List<K> keys = new ArrayList<>(toRemove.keySet());
      BatchRemoval reply = store.removeAll(new ArrayList<>(toRemove.values()), previous);
      statistics.recordRemovals(reply.removed());
      if (previous) {
        EventDispatcher.Batch<K, V> batch = events.batch();
        for (int i = 0; i < keys.size(); i++) {
          byte[] old = reply.previous().get(i);
          if (old != null) {
            batch.removed(keys.get(i), codec.decodeValue(old, keys.get(i)));
          }
        }
        batch.dispatch();
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void clear() {
    checkOpen();
    store.clear();
  }

  // Entry processors -------------------------------------------------------------------------

  /**
   * Runs the processor on the entry and applies its net effect with a compare-and-set, again on
   * the newer value if another writer came first. On a missing entry, the read also takes the
   * key's lease, so that concurrent callers (any thread, any JVM) run their processors on a
   * missing entry one at a time: a loader-style processor computes once, and the others find its
   * value (see {@link InvokeLeases}).
   */
  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    Objects.requireNonNull(entryProcessor, "entryProcessor must not be null");
    byte[] id = codec.encodeKey(key);
    long started = System.nanoTime();
    long limit = MAX_INVOKE_NANOS + invokeLeases.maxWaitNanos();
    for (int attempt = 0; System.nanoTime() - started < limit; attempt++) {
      if (attempt > 0) {
        backOff(attempt);
      }
      InvokeLeases.Read read = invokeLeases.read(id);
      InvokeLeases.Lease lease = read.lease();
      try {
        byte[] currentBytes = read.value();
        V current = codec.decodeValue(currentBytes, key, id);
        if (current == null) {
          currentBytes = null; // undecodable and dropped (onDecodeFailure: miss): a missing entry
        }
        RedisMutableEntry<K, V> entry = new RedisMutableEntry<>(key, current,
            integration.readsThrough() ? integration::load : null);
        T result;
        try {
          result = entryProcessor.process(entry, arguments);
        } catch (EntryProcessorException e) {
          throw e;
        } catch (Exception e) {
          throw new EntryProcessorException("Cache '" + name
              + "': the entry processor failed for " + key, e);
        }
        if (apply(key, id, currentBytes, entry, lease)) {
          return result;
        }
      } finally {
        if (lease != null) {
          lease.close();
        }
      }
    }
    throw new EntryProcessorException("Cache '" + name + "': the entry " + key
        + " kept changing under the entry processor for "
        + TimeUnit.NANOSECONDS.toSeconds(limit) + " s");
  }

  /**
   * A random pause that grows with each lost compare-and-set, so that writers contending for one
   * entry spread out instead of failing each other in lock step.
   */
  private static void backOff(int attempt) {
    long ceiling = Math.min(MAX_INVOKE_BACKOFF_NANOS,
        TimeUnit.MICROSECONDS.toNanos(50) << Math.min(attempt, 16));
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceiling));
  }

  /**
   * Applies a processor's net effect if the entry still holds what the processor saw (a
   * compare-and-set in the scripts); returns false when another writer came first. A write on a
   * missing entry ends the caller's {@code lease} (or null) in the same call.
   */
  private boolean apply(K key, byte[] id, byte[] seen, RedisMutableEntry<K, V> entry,
      InvokeLeases.Lease lease) {
    byte[] leaseOwner = lease == null ? null : lease.owner();
    boolean existed = seen != null;
    switch (entry.effect()) {
      case NONE -> {
        if (existed && entry.accessed()) {
          touchAsAccess(id);
        }
      }
      case LOAD -> {
        Write reply = putBytes(PutMode.PUT_IF_ABSENT, id, codec.encodeValue(entry.newValue()),
            null, false, leaseOwner);
        ended(lease);
        if (reply.outcome() == PutOutcome.PRESENT_UNCHANGED) {
          return false;
        }
        afterWrite(key, entry.newValue(), reply);
      }
      case CREATE, UPDATE -> {
        byte[] bytes = codec.encodeValue(entry.newValue());
        if (integration.writesThrough()) {
          integration.write(new RedisCacheEntry<>(key, entry.newValue()));
        }
        Write reply = existed
            ? putBytes(PutMode.REPLACE_IF_EQUALS, id, bytes, seen, wantPrevious())
            : putBytes(PutMode.PUT_IF_ABSENT, id, bytes, null, false, leaseOwner);
        if (!existed) {
          ended(lease);
        }
        boolean applied = existed
            ? reply.outcome() == PutOutcome.UPDATED || reply.outcome() == PutOutcome.REMOVED_EXPIRED
            : reply.outcome() == PutOutcome.CREATED
                || reply.outcome() == PutOutcome.NOT_STORED_EXPIRED;
        if (!applied) {
          return false;
        }
        afterWrite(key, entry.newValue(), reply);
      }
      case REMOVE -> {
        if (integration.writesThrough()) {
          integration.delete(key);
        }
        if (existed) {
          Removal reply = store.remove(id, seen, ExpiryCodes.KEEP,
              events.hasListeners(EventType.REMOVED));
          if (reply.outcome() != RemoveOutcome.REMOVED) {
            return false;
          }
          afterRemove(key, reply);
        }
      }
      default -> throw new IllegalStateException("unknown effect " + entry.effect());
    }
    // Looking the key up is what counts, whatever the processor then did (JSR-107 12.4).
    recordHitOrMiss(existed);
    return true;
  }

  /** A write ended the lease in Redis (if there was one). */
  private static void ended(InvokeLeases.Lease lease) {
    if (lease != null) {
      lease.ended();
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    checkOpen();
    Objects.requireNonNull(keys, "keys must not be null");
    Objects.requireNonNull(entryProcessor, "entryProcessor must not be null");
    for (K key : keys) {
      Objects.requireNonNull(key, "keys must not contain null");
    }
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keys) {
      try {
        T result = invoke(key, entryProcessor, arguments);
        if (result != null) {
          results.put(key, ProcessorResult.of(result));
        }
      } catch (EntryProcessorException e) {
        results.put(key, ProcessorResult.failed(e));
      } catch (RuntimeException e) {
        results.put(key, ProcessorResult.failed(new EntryProcessorException(e)));
      }
    }
    return results;
  }

  // Lifecycle, configuration, listeners --------------------------------------------------------

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    Objects.requireNonNull(clazz, "clazz");
    RedisCacheConfiguration<K, V> copy = new RedisCacheConfiguration<>(configuration);
    for (CacheEntryListenerConfiguration<K, V> listener : configuration
        .getCacheEntryListenerConfigurations()) {
      copy.removeCacheEntryListenerConfiguration(listener);
    }
    for (CacheEntryListenerConfiguration<K, V> listener : events.configurations()) {
      copy.addCacheEntryListenerConfiguration(listener);
    }
    if (clazz.isInstance(copy)) {
      return clazz.cast(copy);
    }
    throw new IllegalArgumentException("Cache '" + name + "' has a "
        + RedisCacheConfiguration.class.getName() + ", not a " + clazz.getName());
  }

  /** Starts hearing of other JVMs' changes if a near cache needs them (listeners start it too). */
  void followRemoteChanges() {
    remote.update();
  }

  /** The live configuration, for the manager's enableStatistics/enableManagement. */
  RedisCacheConfiguration<K, V> liveConfiguration() {
    return configuration;
  }

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listener) {
    checkOpen();
    events.register(listener);
    remote.update();
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listener) {
    checkOpen();
    events.deregister(listener);
    remote.update();
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    checkOpen();
    return new EntryIterator<>(this, store, codec, expiry);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public void close() {
    if (!closed) {
      onClose.run();
    }
  }

  /** Releases what this JVM holds for the cache (its Redis data stays). */
  void release() {
    if (closed) {
      return;
    }
    closed = true;
    remote.stop();
    awaitPendingLoads();
    events.close();
    integration.close();
    CacheIntegration.closeQuietly(expiry.policy());
  }

  /** A loader must not be closed under a loadAll still using it. */
  private void awaitPendingLoads() {
    try {
      CompletableFuture.allOf(pendingLoads.toArray(CompletableFuture[]::new))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      System.getLogger(RedisCache.class.getName()).log(System.Logger.Level.WARNING,
          "Cache '" + name + "': closing while a loadAll is still running", e);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    Objects.requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cache '" + name + "' cannot be unwrapped to "
        + clazz.getName());
  }

  // Helpers ----------------------------------------------------------------------------------

  /** Called by the iterator for every entry it returns. */
  void recordIteratedHit() {
    statistics.recordHits(1);
  }

  private Write putBytes(PutMode mode, byte[] id, byte[] bytes, byte[] expected,
      boolean returnPrevious) {
    return putBytes(mode, id, bytes, expected, returnPrevious, null);
  }

  /** A put that also ends {@code leaseOwner}'s lease on the key (null: none). */
  private Write putBytes(PutMode mode, byte[] id, byte[] bytes, byte[] expected,
      boolean returnPrevious, byte[] leaseOwner) {
    if (expiry.isConstant()) {
      return store.put(mode, id, bytes, expected, expiry.creation(), expiry.update(),
          expiry.access(), returnPrevious, leaseOwner);
    }
    // A custom policy is asked only for the duration this write needs: read the entry first.
    byte[] current = store.peek(id).value();
    long creation = ExpiryCodes.KEEP;
    long update = ExpiryCodes.KEEP;
    long access = ExpiryCodes.KEEP;
    switch (mode) {
      case PUT -> {
        if (current != null) {
          update = expiry.update();
        } else {
          creation = expiry.creation();
        }
      }
      case PUT_IF_ABSENT -> {
        if (current == null) {
          creation = expiry.creation();
        }
      }
      case REPLACE -> {
        if (current != null) {
          update = expiry.update();
        }
      }
      case REPLACE_IF_EQUALS -> {
        if (current != null && Arrays.equals(current, expected)) {
          update = expiry.update();
        } else if (current != null) {
          access = expiry.access();
        }
      }
      default -> throw new IllegalStateException("unknown mode " + mode);
    }
    return store.put(mode, id, bytes, expected, creation, update, access, returnPrevious,
        leaseOwner);
  }

  void applyAccessExpiry(byte[] id) {
    long code = expiry.access();
    if (code != ExpiryCodes.KEEP) {
      store.setExpiry(id, code);
    }
  }

  /** An entry processor read an existing entry: the policy and the access expiry see it. */
  private void touchAsAccess(byte[] id) {
    store.get(id, expiry.scriptAccess());
    if (!expiry.isConstant()) {
      applyAccessExpiry(id);
    }
  }

  /** Whether a write must report what it replaced: some listener needs its outcome or value. */
  private boolean wantPrevious() {
    return events.needsPreviousValues() || events.hasListeners(EventType.CREATED)
        || events.hasListeners(EventType.UPDATED);
  }

  /**
   * For a conditional write with a writer, which must hear of it only when it will happen:
   * whether the entry holds {@code expected}. A miss, or a hit whose value differs (an access,
   * as the specification counts it), is recorded here.
   */
  private boolean holds(byte[] id, byte[] expected) {
    byte[] current = store.peek(id).value();
    if (current == null) {
      statistics.recordMisses(1);
      return false;
    }
    if (!Arrays.equals(current, expected)) {
      statistics.recordHits(1);
      applyAccessExpiry(id);
      return false;
    }
    return true;
  }

  /**
   * For a replace with a writer: the writer hears of it only when there is an entry to replace.
   * Returns false (a miss) when there is none; true when the write may go ahead.
   */
  private boolean writeThroughIfPresent(byte[] id, K key, V value) {
    if (integration.writesThrough()) {
      if (store.peek(id).value() == null) {
        statistics.recordMisses(1);
        return false;
      }
      writeThrough(key, value);
    }
    return true;
  }

  private void writeThrough(K key, V value) {
    if (integration.writesThrough()) {
      integration.write(new RedisCacheEntry<>(key, value));
    }
  }

  private void recordHitOrMiss(boolean hit) {
    if (hit) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
    }
  }

  /** Statistics and events after a put-family script. */
  private void afterWrite(K key, V value, Write reply) {
    statistics.recordEvictions(reply.evicted());
    EventDispatcher.Batch<K, V> batch = events.batch();
    switch (reply.outcome()) {
      case CREATED -> {
        statistics.recordPuts(1);
        batch.created(key, value);
      }
      case UPDATED -> {
        statistics.recordPuts(1);
        batch.updated(key, codec.decodeValue(reply.previous(), key), value);
      }
      case REMOVED_EXPIRED -> {
        statistics.recordPuts(1);
        V previous = codec.decodeValue(reply.previous(), key);
        if (previous != null) {
          batch.expired(key, previous);
        }
      }
      default -> { }
    }
    batch.dispatch();
  }

  /** Statistics and events after a remove script; returns whether an entry was removed. */
  private boolean afterRemove(K key, Removal reply) {
    if (reply.outcome() != RemoveOutcome.REMOVED) {
      return false;
    }
    statistics.recordRemovals(1);
    if (events.hasListeners(EventType.REMOVED)) {
      EventDispatcher.Batch<K, V> batch = events.batch();
      batch.removed(key, codec.decodeValue(reply.previous(), key));
      batch.dispatch();
    }
    return true;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + name + "' is closed");
    }
  }

  @Override
  public String toString() {
    return "RedisCache[" + name + ", " + configuration + "]";
  }
}
