package io.funccache.cache;

import io.funccache.RedisCacheConfiguration;
import io.funccache.expiry.ExpiryCalculator;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.store.StoreReplies.BatchLookup;
import io.funccache.store.StoreReplies.PutOutcome;
import io.funccache.store.StoreReplies.RemoveOutcome;
import io.funccache.store.StoreReplies.Write;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache view of one Redis-backed cache. Every data operation is one script call (one round
 * trip); this class checks arguments, encodes and decodes, and translates script outcomes into
 * the specification's return values.
 */
public final class RedisCache<K, V> implements Cache<K, V> {
  private final String name;
  private final CacheManager manager;
  private final RedisCacheConfiguration<K, V> configuration;
  private final CacheStore store;
  private final EntryCodec<K, V> codec;
  private final ExpiryCalculator expiry;
  private final Runnable onClose;
  private volatile boolean closed;

  RedisCache(String name, CacheManager manager, RedisCacheConfiguration<K, V> configuration,
      CacheStore store, EntryCodec<K, V> codec, ExpiryCalculator expiry, Runnable onClose) {
    this.name = name;
    this.manager = manager;
    this.configuration = configuration;
    this.store = store;
    this.codec = codec;
    this.expiry = expiry;
    this.onClose = onClose;
  }

  /** The Redis side of this cache, for tools and tests that look at the raw structures. */
  public CacheStore store() {
    return store;
  }

  @Override
  public V get(K key) {
    checkOpen();
    byte[] id = codec.encodeKey(key);
    return codec.decodeValue(store.get(id, expiry.access()).value(), key);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys must not be null");
    List<K> ordered = new ArrayList<>(keys.size());
    List<byte[]> ids = new ArrayList<>(keys.size());
    for (K key : keys) {
      ordered.add(key);
      ids.add(codec.encodeKey(key));
    }
    if (ids.isEmpty()) {
      return new HashMap<>();
    }
    BatchLookup reply = store.getAll(ids, expiry.access());
    Map<K, V> result = new LinkedHashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      byte[] value = reply.values().get(i);
      if (value != null) {
        result.put(ordered.get(i), codec.decodeValue(value, ordered.get(i)));
      }
    }
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
    // Without a CacheLoader there is nothing to load: the specification completes at once.
    if (completionListener != null) {
      completionListener.onCompletion();
    }
  }

  @Override
  public void put(K key, V value) {
    write(PutMode.PUT, key, value, null, false);
  }

  @Override
  public V getAndPut(K key, V value) {
    return previousValue(write(PutMode.PUT, key, value, null, true), key);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    checkOpen();
    Objects.requireNonNull(map, "map must not be null");
    List<byte[]> ids = new ArrayList<>(map.size());
    List<byte[]> values = new ArrayList<>(map.size());
    // Everything is encoded before anything is written: one bad entry leaves the cache unchanged.
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      ids.add(codec.encodeKey(entry.getKey()));
      values.add(codec.encodeValue(entry.getValue()));
    }
    if (!ids.isEmpty()) {
      store.putAll(ids, values, expiry.creation(), expiry.update(), false);
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    PutOutcome outcome = write(PutMode.PUT_IF_ABSENT, key, value, null, false).outcome();
    // Absent, so the put happened, even when a ZERO creation expiry let it vanish at once.
    return outcome == PutOutcome.CREATED || outcome == PutOutcome.NOT_STORED_EXPIRED;
  }

  @Override
  public boolean remove(K key) {
    checkOpen();
    byte[] id = codec.encodeKey(key);
    return store.remove(id, null, ExpiryCodes.KEEP, false).outcome() == RemoveOutcome.REMOVED;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    checkOpen();
    byte[] id = codec.encodeKey(key);
    byte[] expected = codec.encodeValue(oldValue);
    return store.remove(id, expected, expiry.access(), false).outcome() == RemoveOutcome.REMOVED;
  }

  @Override
  public V getAndRemove(K key) {
    checkOpen();
    byte[] id = codec.encodeKey(key);
    return codec.decodeValue(store.remove(id, null, ExpiryCodes.KEEP, true).previous(), key);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    checkOpen();
    Objects.requireNonNull(oldValue, "oldValue must not be null");
    byte[] expected = codec.encodeValue(oldValue);
    Write reply = write(PutMode.REPLACE_IF_EQUALS, key, newValue, expected, false);
    return reply.outcome() == PutOutcome.UPDATED || reply.outcome() == PutOutcome.REMOVED_EXPIRED;
  }

  @Override
  public boolean replace(K key, V value) {
    Write reply = write(PutMode.REPLACE, key, value, null, false);
    return reply.outcome() == PutOutcome.UPDATED || reply.outcome() == PutOutcome.REMOVED_EXPIRED;
  }

  @Override
  public V getAndReplace(K key, V value) {
    return previousValue(write(PutMode.REPLACE, key, value, null, true), key);
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    checkOpen();
    Objects.requireNonNull(keys, "keys must not be null");
    List<byte[]> ids = new ArrayList<>(keys.size());
    for (K key : keys) {
      ids.add(codec.encodeKey(key));
    }
    if (!ids.isEmpty()) {
      store.removeAll(ids, false);
    }
  }

  @Override
  public void removeAll() {
    checkOpen();
    store.clear();
  }

  @Override
  public void clear() {
    checkOpen();
    store.clear();
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    Objects.requireNonNull(clazz, "clazz");
    if (clazz.isInstance(configuration)) {
      return clazz.cast(new RedisCacheConfiguration<>(configuration));
    }
    throw new IllegalArgumentException("Cache '" + name + "' has a " 
        + RedisCacheConfiguration.class.getName() + ", not a " + clazz.getName());
  }

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    throw new UnsupportedOperationException("Cache '" + name
        + "': entry processors are not implemented yet (they must be atomic across JVMs)");
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys,
      EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    throw new UnsupportedOperationException("Cache '" + name
        + "': entry processors are not implemented yet (they must be atomic across JVMs)");
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
      closed = true;
      onClose.run();
    }
  }

  /** Closes this view without telling the manager, which is closing or destroying it. */
  void closeQuietly() {
    closed = true;
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

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    throw new UnsupportedOperationException("Cache '" + name
        + "': cache entry listeners are not implemented yet");
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
    throw new UnsupportedOperationException("Cache '" + name
        + "': cache entry listeners are not implemented yet");
  }

  @Override
  public Iterator<Entry<K, V>> iterator() {
    checkOpen();
    return new EntryIterator<>(this, store, codec, expiry);
  }

  private Write write(PutMode mode, K key, V value, byte[] expected, boolean returnPrevious) {
    checkOpen();
    byte[] id = codec.encodeKey(key);
    byte[] encoded = codec.encodeValue(value);
    return store.put(mode, id, encoded, expected, expiry.creation(), expiry.update(),
        expiry.access(), returnPrevious);
  }

  private V previousValue(Write reply, K key) {
    return codec.decodeValue(reply.previous(), key);
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
