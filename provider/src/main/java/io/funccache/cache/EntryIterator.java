package io.funccache.cache;

import io.funccache.expiry.ExpiryCalculator;
import io.funccache.store.ShardedStore;
import io.funccache.store.StoreReplies.ScanPage;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.cache.Cache;

/**
 * Walks a cache page by page (HSCAN under the hood). Entries added or removed while iterating may
 * or may not be seen, as with any Redis scan; an entry is never returned twice.
 */
final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {
  private static final int PAGE_SIZE = 100;
  private static final byte[] START = {'0'};

  private final RedisCache<K, V> cache;
  private final ShardedStore store;
  private final EntryCodec<K, V> codec;
  private final ExpiryCalculator expiry;
  private final ArrayDeque<Cache.Entry<K, V>> buffered = new ArrayDeque<>();
  private final ArrayDeque<byte[]> bufferedIds = new ArrayDeque<>();
  private final Set<ByteBuffer> seen = new HashSet<>();
  private byte[] cursor = START;
  private boolean exhausted;
  private K lastKey;

  EntryIterator(RedisCache<K, V> cache, ShardedStore store, EntryCodec<K, V> codec,
      ExpiryCalculator expiry) {
    this.cache = cache;
    this.store = store;
    this.codec = codec;
    this.expiry = expiry;
  }

  @Override
  public boolean hasNext() {
    cache.checkOpen();
    while (buffered.isEmpty() && !exhausted) {
      // A constant access expiry is applied by the scan; a custom policy is asked per entry.
      ScanPage page = store.scan(cursor, PAGE_SIZE, expiry.scriptAccess());
      for (int i = 0; i < page.ids().size(); i++) {
        byte[] id = page.ids().get(i);
        if (seen.add(ByteBuffer.wrap(id))) {
          // An entry that cannot be decoded (onDecodeFailure: miss) is dropped and skipped.
          byte[] bytes = page.values().get(i);
          K key = codec.decodeKey(id, bytes);
          V value = key == null ? null : codec.decodeValue(bytes, key, id);
          if (value != null) {
            buffered.add(new RedisCacheEntry<>(key, value));
            bufferedIds.add(id);
          }
        }
      }
      cursor = page.cursor();
      exhausted = page.last();
    }
    return !buffered.isEmpty();
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Cache.Entry<K, V> entry = buffered.poll();
    byte[] id = bufferedIds.poll();
    if (!expiry.isConstant()) {
      cache.applyAccessExpiry(id);
    }
    lastKey = entry.getKey();
    cache.recordIteratedHit();
    return entry;
  }

  @Override
  public void remove() {
    if (lastKey == null) {
      throw new IllegalStateException("next() has not returned an entry to remove");
    }
    cache.checkOpen();
    cache.remove(lastKey); // a full remove: writer, events and statistics
    lastKey = null;
  }
}
