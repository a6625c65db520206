package io.funccache.store.models;

import io.funccache.store.PolicyModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * SIEVE (Zhang et al., NSDI 2024), as policies/sieve.lua runs it: one FIFO of entries by insertion
 * sequence, a visited bit per entry that a hit (or an update) sets, and a hand that moves from
 * older to newer entries, wrapping around from the newest to the oldest. To evict, the hand clears
 * the visited bits it passes and evicts the first entry whose bit was clear; it then rests on the
 * place of that entry, so the next eviction goes on from the next newer entry, or from the oldest
 * when the victim was the newest (the paper's hand = victim.prev = null). Entries never move.
 *
 * <p>Bounded work: one eviction looks at most at {@code stepLimit} entries; the entry looked at last
 * is evicted whatever its bit. A cache smaller than the limit never meets it.
 */
public final class SieveModel implements PolicyModel {
  public static final int STEP_LIMIT = 256;

  private static final class Entry {
    final String key;
    final long seq;
    boolean visited;

    Entry(String key, long seq) {
      this.key = key;
      this.seq = seq;
    }
  }

  private final int maxSize;
  private final int stepLimit;
  private final Map<String, Entry> entries = new HashMap<>();
  private final TreeMap<Long, Entry> bySeq = new TreeMap<>();
  private long seq;
  /** The sequence of the entry the hand last passed or evicted; null: start at the oldest. */
  private Long hand;

  private long hits;
  private long writingHits;
  private long cleared;
  private long fallbacks;

  public SieveModel(int maxSize) {
    this(maxSize, STEP_LIMIT);
  }

  public SieveModel(int maxSize, int stepLimit) {
    this.maxSize = maxSize;
    this.stepLimit = stepLimit;
  }

  @Override
  public boolean get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return false;
    }
    hits++;
    visit(e);
    return true;
  }

  @Override
  public void put(String key) {
    Entry e = entries.get(key);
    if (e != null) {
      visit(e); // an update counts as a use, as in Caffeine
      return;
    }
    if (maxSize > 0 && entries.size() >= maxSize) {
      evict();
    }
    e = new Entry(key, ++seq);
    entries.put(key, e);
    bySeq.put(e.seq, e);
  }

  @Override
  public void remove(String key) {
    Entry e = entries.remove(key);
    if (e != null) {
      bySeq.remove(e.seq);
    }
  }

  @Override
  public Set<String> keys() {
    return new TreeSet<>(entries.keySet());
  }

  private void visit(Entry e) {
    if (!e.visited) {
      e.visited = true;
      writingHits++;
    }
  }

  /** Evicts one entry; returns its key (null: the cache is empty). */
  String evict() {
    if (bySeq.isEmpty()) {
      return null;
    }
    Map.Entry<Long, Entry> at = hand == null ? bySeq.firstEntry() : bySeq.higherEntry(hand);
    for (int steps = 1; ; steps++) {
      if (at == null) {
        at = bySeq.firstEntry(); // past the newest: wrap around to the oldest
      }
      Entry e = at.getValue();
      hand = e.seq;
      if (e.visited && steps < stepLimit) {
        e.visited = false;
        cleared++;
        at = bySeq.higherEntry(e.seq);
        continue;
      }
      if (e.visited) {
        fallbacks++;
      }
      entries.remove(e.key);
      bySeq.remove(e.seq);
      if (bySeq.higherKey(e.seq) == null) {
        hand = null; // the newest went: the next eviction starts at the oldest, as in the paper
      }
      return e.key;
    }
  }

  // State for tests and for the trace replay's report.

  /** The index score policies/sieve.lua gives each entry: sequence * 2 + visited. */
  public Map<String, Long> scores() {
    Map<String, Long> scores = new HashMap<>();
    for (Entry e : entries.values()) {
      scores.put(e.key, e.seq * 2 + (e.visited ? 1 : 0));
    }
    return scores;
  }

  public boolean visited(String key) {
    Entry e = entries.get(key);
    return e != null && e.visited;
  }

  /** The sequence the hand rests on, or null before the first eviction. */
  public Long hand() {
    return hand;
  }

  public String stats() {
    return String.format("writing hits %.1f%%, bits cleared %d, fallbacks %d",
        hits == 0 ? 0.0 : 100.0 * writingHits / hits, cleared, fallbacks);
  }

  public long fallbacks() {
    return fallbacks;
  }

  /** Hits and updates that set a bit: the only ones that write in Redis. */
  public long writingHits() {
    return writingHits;
  }
}
