package io.funccache.store.models;

import io.funccache.store.PolicyModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * LFU with dynamic aging, as policies/lfu.lua: priority = age + count (count capped at 15), set
 * at each use; the lowest priority goes first (ties: least recently used), and the age becomes the
 * victim's priority.
 */
public final class LfuModel implements PolicyModel {
  private static final int MAX_COUNT = 15;

  private final int maxSize;
  private final Map<String, Entry> entries = new HashMap<>();
  private long age;
  private long sequence;

  private static final class Entry {
    long priority;
    long recency;
    int count;
  }

  public LfuModel(int maxSize) {
    this.maxSize = maxSize;
  }

  /** The cache's age: the priority of the last victim. */
  public long age() {
    return age;
  }

  @Override
  public boolean get(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return false;
    }
    entry.count = Math.min(entry.count + 1, MAX_COUNT);
    use(entry);
    return true;
  }

  @Override
  public void put(String key) {
    if (entries.containsKey(key)) {
      return; // an update changes no priority
    }
    if (maxSize > 0 && entries.size() >= maxSize) {
      evict();
    }
    Entry entry = new Entry();
    entry.count = 1;
    use(entry);
    entries.put(key, entry);
  }

  private void use(Entry entry) {
    entry.priority = age + entry.count;
    entry.recency = ++sequence;
  }

  private void evict() {
    String victim = null;
    Entry lowest = null;
    for (Map.Entry<String, Entry> candidate : entries.entrySet()) {
      Entry e = candidate.getValue();
      if (lowest == null || e.priority < lowest.priority
          || (e.priority == lowest.priority && e.recency < lowest.recency)) {
        lowest = e;
        victim = candidate.getKey();
      }
    }
    entries.remove(victim);
    age = lowest.priority;
  }

  @Override
  public void remove(String key) {
    entries.remove(key);
  }

  @Override
  public Set<String> keys() {
    return new TreeSet<>(entries.keySet());
  }
}
