package io.funccache.event;

import java.util.Objects;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One event as a listener and its filter see it. Immutable. The value rules follow the TCK 1.1.1:
 *
 * <ul>
 *   <li>CREATED: the value is the new value; there is no old value.
 *   <li>UPDATED: the value is the new value; the old value is shown only to registrations that
 *       asked for it ({@code isOldValueRequired()}).
 *   <li>REMOVED and EXPIRED: the value and the old value are both the value the entry had, when it
 *       is known, whatever the registration asked for ("both null or both non-null").
 * </ul>
 *
 * {@link #isOldValueAvailable()} is true exactly when {@link #getOldValue()} is non-null.
 */
final class CacheEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final V oldValue;

  private CacheEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue) {
    super(source, type);
    this.key = Objects.requireNonNull(key, "key");
    this.value = value;
    this.oldValue = oldValue;
  }

  /**
   * The event for one raw change as a registration with the given {@code oldValueRequired} sees it.
   *
   * @param newValue the value after the change (CREATED, UPDATED); ignored for REMOVED and EXPIRED
   * @param previous the value before the change, or null when unknown; ignored for CREATED
   */
  static <K, V> CacheEvent<K, V> of(Cache<K, V> source, EventType type, K key, V newValue,
      V previous, boolean oldValueRequired) {
    switch (type) {
      case CREATED:
        return new CacheEvent<>(source, type, key, newValue, null);
      case UPDATED:
        return new CacheEvent<>(source, type, key, newValue, oldValueRequired ? previous : null);
      case REMOVED:
      case EXPIRED:
        return new CacheEvent<>(source, type, key, previous, previous);
      default:
        throw new IllegalArgumentException("Unknown event type " + type);
    }
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
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValue != null;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    Objects.requireNonNull(clazz, "clazz");
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A cache entry event cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "CacheEvent{" + getEventType() + ", key=" + key + ", value=" + value + ", oldValue="
        + oldValue + "}";
  }
}
