package io.funccache.cache;

import java.util.Objects;
import javax.cache.Cache;

/** An entry read from a cache: a copy, as the cache stores by value. */
public final class RedisCacheEntry<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  public RedisCacheEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    Objects.requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A funccache entry cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "RedisCacheEntry[" + key + "=" + value + "]";
  }
}
