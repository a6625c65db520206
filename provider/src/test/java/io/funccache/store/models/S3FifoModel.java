package io.funccache.store.models;

import io.funccache.store.PolicyModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * S3-FIFO (Yang et al., SOSP 2023), as policies/s3fifo.lua runs it: a small FIFO (a tenth of
 * maxSize), a main FIFO (the rest) and a ghost FIFO of the ids the small FIFO evicted, as many as
 * the main FIFO holds; each entry has a frequency 0..3 that hits raise.
 *
 * <p>A new entry goes into main when its id is a ghost (the ghost is then forgotten), else into
 * small. A victim comes from main when main holds more than its share or small is empty, else from
 * small (the rule of the authors' libCacheSim, which lets main exceed its share for a while):
 * small's oldest entry moves to main's head with frequency 0 when it was hit at least twice
 * (frequency &gt; 1), else it is evicted and becomes a ghost; main's oldest goes back to main's
 * head with its frequency lowered by one when it is above 0, else it is evicted.
 *
 * <p>Bounded work: one eviction looks at most at {@code stepLimit} entries; the entry looked at
 * last is evicted whatever its frequency (from small it still becomes a ghost).
 */
public final class S3FifoModel implements PolicyModel {
  public static final int MAX_FREQ = 3;
  /** Small's oldest moves to main at this frequency or more (the paper's freq &gt; 1). */
  public static final int PROMOTE_FREQ = 2;
  public static final int STEP_LIMIT = 256;
  /** Hex digits of SHA-1(id) a ghost keeps. */
  public static final int GHOST_HASH_CHARS = 16;
  /** Oldest ghosts dropped per new ghost at most (the ghost list shrinks gradually after maxSize drops). */
  public static final int GHOST_TRIM_PER_ADD = 2;
  /** Main's scores start here (2^48); small's are below. */
  public static final long SEGMENT = 1L << 48;

  private static final class Entry {
    final String key;
    long seq;
    int freq;
    boolean main;

    Entry(String key) {
      this.key = key;
    }
  }

  private final int maxSize;
  private final int mainCap;
  private final int ghostCap;
  private final int stepLimit;
  private final Map<String, Entry> entries = new HashMap<>();
  // Insertion order is sequence order: every entry enters a queue with a new, higher sequence.
  private final LinkedHashMap<String, Entry> small = new LinkedHashMap<>();
  private final LinkedHashMap<String, Entry> main = new LinkedHashMap<>();
  private final LinkedHashMap<String, Long> ghost = new LinkedHashMap<>(); // hash -> sequence
  private long seq;

  private long hits;
  private long writingHits;
  private long promotions;
  private long reinsertions;
  private long ghostHits;
  private long fallbacks;

  public S3FifoModel(int maxSize) {
    this(maxSize, STEP_LIMIT);
  }

  public S3FifoModel(int maxSize, int stepLimit) {
    this.maxSize = maxSize;
    this.mainCap = maxSize - maxSize / 10;
    this.ghostCap = mainCap;
    this.stepLimit = stepLimit;
  }

  @Override
  public boolean get(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return false;
    }
    hits++;
    access(e);
    return true;
  }

  @Override
  public void put(String key) {
    Entry e = entries.get(key);
    if (e != null) {
      access(e); // an update counts as a use, as in Caffeine
      return;
    }
    if (maxSize > 0 && entries.size() >= maxSize) {
      evict();
    }
    e = new Entry(key);
    e.seq = ++seq;
    // The ghost check comes after the eviction, as lib.lua calls insert() after make_room().
    if (ghost.remove(ghostId(key)) != null) {
      ghostHits++;
      e.main = true;
      main.put(key, e);
    } else {
      small.put(key, e);
    }
    entries.put(key, e);
  }

  @Override
  public void remove(String key) {
    Entry e = entries.remove(key);
    if (e != null) {
      (e.main ? main : small).remove(key);
    }
  }

  @Override
  public Set<String> keys() {
    return new TreeSet<>(entries.keySet());
  }

  private void access(Entry e) {
    if (e.freq < MAX_FREQ) {
      e.freq++;
      writingHits++;
    }
  }

  /** Evicts one entry; returns its key (null: the cache is empty). */
  String evict() {
    int steps = 0;
    if (main.size() <= mainCap && !small.isEmpty()) {
      while (!small.isEmpty()) {
        Entry t = small.values().iterator().next();
        steps++;
        if (t.freq >= PROMOTE_FREQ && steps < stepLimit) {
          small.remove(t.key);
          t.seq = ++seq;
          t.freq = 0;
          t.main = true;
          main.put(t.key, t);
          promotions++;
          continue;
        }
        if (t.freq >= PROMOTE_FREQ) {
          fallbacks++;
        }
        small.remove(t.key);
        entries.remove(t.key);
        addGhost(t);
        return t.key;
      }
    }
    while (!main.isEmpty()) {
      Entry t = main.values().iterator().next();
      steps++;
      main.remove(t.key);
      if (t.freq > 0 && steps < stepLimit) {
        t.seq = ++seq;
        t.freq--;
        main.put(t.key, t);
        reinsertions++;
        continue;
      }
      if (t.freq > 0) {
        fallbacks++;
      }
      entries.remove(t.key);
      return t.key;
    }
    return null;
  }

  private void addGhost(Entry t) {
    String id = ghostId(t.key);
    ghost.remove(id); // a ZADD of a member already there moves it to its new score
    ghost.put(id, t.seq);
    Iterator<String> oldest = ghost.keySet().iterator();
    for (int i = 0; i < GHOST_TRIM_PER_ADD && ghost.size() > ghostCap; i++) {
      oldest.next();
      oldest.remove();
    }
  }

  /** What the ghost list keeps of an id: a prefix of redis.sha1hex(id), the key's UTF-8 bytes. */
  public static String ghostId(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, GHOST_HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  // State for tests and for the trace replay's report.

  public int smallSize() {
    return small.size();
  }

  public int mainSize() {
    return main.size();
  }

  /** How many ids the ghost list keeps at most: main's share of maxSize. */
  public int ghostCapacity() {
    return ghostCap;
  }

  public Set<String> ghostIds() {
    return new HashSet<>(ghost.keySet());
  }

  /** The index score policies/s3fifo.lua gives each entry: segment * 2^48 + sequence * 4 + freq. */
  public Map<String, Long> scores() {
    Map<String, Long> scores = new HashMap<>();
    for (Entry e : entries.values()) {
      scores.put(e.key, (e.main ? SEGMENT : 0) + e.seq * 4 + e.freq);
    }
    return scores;
  }

  /** The ghost list as policies/s3fifo.lua keeps it: hash -> the evicted entry's sequence. */
  public Map<String, Long> ghosts() {
    return new HashMap<>(ghost);
  }

  public int freq(String key) {
    Entry e = entries.get(key);
    return e == null ? -1 : e.freq;
  }

  public boolean inMain(String key) {
    Entry e = entries.get(key);
    return e != null && e.main;
  }

  public String stats() {
    return String.format("writing hits %.1f%%, promotions %d, reinsertions %d, ghost hits %d, fallbacks %d",
        hits == 0 ? 0.0 : 100.0 * writingHits / hits, promotions, reinsertions, ghostHits, fallbacks);
  }

  public long fallbacks() {
    return fallbacks;
  }

  /** Hits and updates that raised a frequency: the only ones that write in Redis. */
  public long writingHits() {
    return writingHits;
  }
}
