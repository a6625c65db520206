package io.funccache.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An eviction policy's reference model in plain Java: the membership the policy's Lua must
 * produce after every operation. {@link PolicyCheck} replays random operations on a real cache
 * and on the model and compares them; funccache checks each built-in policy this way.
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
