package io.funccache.examples.policy;

import io.funccache.policy.PolicyModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * policies/hyperbolic.lua in plain Java: priority = hits / age (age in inserts since the entry's
 * own), the lowest goes, ties to the oldest. Exact while the cache holds at most 64 entries (the
 * script's sample is then every entry).
 */
final class HyperbolicModel implements PolicyModel {
  private static final int MAX_HITS = 4095;

  private final int maxSize;
  private final Map<String, long[]> entries = new HashMap<>(); // key -> {hits, inserted}
  private long sequence;

  HyperbolicModel(int maxSize) {
    this.maxSize = maxSize;
  }

  @Override
  public boolean get(String key) {
    long[] entry = entries.get(key);
    if (entry == null) {
      return false;
    }
    entry[0] = Math.min(entry[0] + 1, MAX_HITS);
    return true;
  }

  @Override
  public void put(String key) {
    if (entries.containsKey(key)) {
      return;
    }
    if (entries.size() >= maxSize) {
      evict();
    }
    entries.put(key, new long[] {1, ++sequence});
  }

  private void evict() {
    String victim = null;
    double lowest = 0;
    long oldest = 0;
    for (Map.Entry<String, long[]> candidate : entries.entrySet()) {
      long[] e = candidate.getValue();
      double priority = (double) e[0] / (sequence - e[1] + 1);
      if (victim == null || priority < lowest || (priority == lowest && e[1] < oldest)) {
        victim = candidate.getKey();
        lowest = priority;
        oldest = e[1];
      }
    }
    entries.remove(victim);
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
