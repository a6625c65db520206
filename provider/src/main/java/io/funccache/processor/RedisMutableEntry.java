package io.funccache.processor;

import java.util.Objects;
import java.util.function.Function;
import javax.cache.processor.MutableEntry;

/**
 * The entry an {@code EntryProcessor} sees: a local copy of one entry that records what the
 * processor did to it. The cache then applies the net effect atomically, or runs the processor
 * again on the newer value if another writer got there first.
 */
public final class RedisMutableEntry<K, V> implements MutableEntry<K, V> {

  /** The net effect of a processor on its entry. */
  public enum Effect {
    /** Nothing to write. */
    NONE,
    /** A new entry (the key was absent). */
    CREATE,
    /** A new value for an existing entry. */
    UPDATE,
    /** The entry goes (and a writer deletes it, even when it was absent). */
    REMOVE,
    /** The key was absent; the loader's value is stored, without write-through. */
    LOAD
  }

  private final K key;
  private final V original;
  private final Function<K, V> loader;
  private V value;
  private Effect effect = Effect.NONE;
  private boolean accessed;
  private boolean loadTried;

  /** {@code loader} loads on read-through, or is null. */
  public RedisMutableEntry(K key, V original, Function<K, V> loader) {
    this.key = key;
    this.original = original;
    this.value = original;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public boolean exists() {
    return value != null;
  }

  @Override
  public V getValue() {
    accessed = true;
    if (value == null && effect == Effect.NONE && original == null && loader != null
        && !loadTried) {
      loadTried = true;
      value = loader.apply(key);
      if (value != null) {
        effect = Effect.LOAD;
      }
    }
    return value;
  }

  @Override
  public void remove() {
    // Removing what this processor created leaves nothing to do; any other remove is a delete,
    // which a writer hears about even when the key was absent.
    effect = effect == Effect.CREATE || effect == Effect.LOAD ? Effect.NONE : Effect.REMOVE;
    value = null;
  }

  @Override
  public void setValue(V newValue) {
    Objects.requireNonNull(newValue, "an entry processor cannot set a null value");
    value = newValue;
    effect = original != null ? Effect.UPDATE : Effect.CREATE;
  }

  public Effect effect() {
    return effect;
  }

  /** The value to write for CREATE, UPDATE and LOAD. */
  public V newValue() {
    return value;
  }

  public V original() {
    return original;
  }

  /** Whether the processor read the value (an access, for expiry and statistics). */
  public boolean accessed() {
    return accessed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("A funccache MutableEntry cannot be unwrapped to "
        + clazz.getName());
  }
}
