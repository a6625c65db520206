package io.funccache.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A policy's reference model in plain Java: what membership the policy's Lua must produce after
 * every operation (PolicyModelTest). One class per policy; a user's own policy gets checked the
 * same way.
 */
public interface PolicyModel {
  /** A read: true on a hit, and the policy sees the use. */
  boolean get(String key);

  /** A write: an update, or an insert that evicts first when the cache is full. */
  void put(String key);

  void remove(String key);

  /** The keys the cache holds, sorted. */
  Set<String> keys();

  /** getAll: hits in order, as single gets. */
  default List<Boolean> getAll(List<String> keys) {
    List<Boolean> hits = new ArrayList<>();
    for (String key : keys) {
      hits.add(get(key));
    }
    return hits;
  }

  /** putAll: puts in order, as single puts. */
  default void putAll(List<String> keys) {
    keys.forEach(this::put);
  }
}
