package io.funccache.benchmarks;

import io.funccache.EvictionPolicy;
import java.util.Locale;

/**
 * A benchmark target, parsed from its JMH parameter: {@code rbucket}, {@code rjcache},
 * {@code fc-<policy>-<maxSize>[-<entries>]} such as {@code fc-lru-10k}, {@code fc-lfu-1m},
 * {@code fc-lru-1m-1k} (maxSize 1M holding only 1K entries, for the size-scaling comparison), or
 * a design floor ({@link Store.FunctionStore}): {@code fn-hget}, {@code fn-lru-<maxSize>}.
 */
record Target(String id, Kind kind, EvictionPolicy policy, long maxSize, long entries) {
  enum Kind { RBUCKET, RJCACHE, FUNCCACHE, FUNCTION_FLOOR }

  /** Above this a data set is refused rather than pushed into a shared Redis. */
  static final long MAX_BYTES = 512L << 20;

  static Target parse(String id) {
    if (id.equals("rbucket")) {
      return new Target(id, Kind.RBUCKET, null, 0, 0);
    }
    if (id.equals("rjcache")) {
      return new Target(id, Kind.RJCACHE, null, 0, 0);
    }
    if (id.equals("fn-hget")) {
      return new Target(id, Kind.FUNCTION_FLOOR, null, 0, 0);
    }
    String[] parts = id.split("-");
    if (parts.length == 3 && id.startsWith("fn-lru-")) {
      return new Target(id, Kind.FUNCTION_FLOOR, EvictionPolicy.LRU, count(parts[2]), 0);
    }
    if (parts.length < 3 || !parts[0].equals("fc")) {
      throw new IllegalArgumentException("unknown target " + id);
    }
    EvictionPolicy policy = EvictionPolicy.valueOf(parts[1].toUpperCase(Locale.ROOT));
    long maxSize = count(parts[2]);
    long entries = parts.length > 3 ? count(parts[3]) : 0;
    return new Target(id, Kind.FUNCCACHE, policy, maxSize, entries);
  }

  static long count(String s) {
    String t = s.toLowerCase(Locale.ROOT);
    if (t.endsWith("k")) {
      return Long.parseLong(t.substring(0, t.length() - 1)) * 1_000;
    }
    if (t.endsWith("m")) {
      return Long.parseLong(t.substring(0, t.length() - 1)) * 1_000_000;
    }
    return Long.parseLong(t);
  }

  boolean funccache() {
    return kind == Kind.FUNCCACHE;
  }

  /** Whether the target evicts at a bound (funccache, the LRU floor). */
  boolean bounded() {
    return maxSize > 0;
  }

  /** Entries preloaded for the read scenarios. */
  long readEntries(int valueSize) {
    long n;
    if (entries > 0) {
      n = entries;
    } else if (bounded() && maxSize > 10_000) {
      n = maxSize;                          // a big cache is measured full
    } else {
      n = valueSize <= 1_000 ? 10_000 : 1_000;
    }
    return checked(n, valueSize);
  }

  /** Key range of the put scenarios: never more than maxSize, so nothing is evicted. */
  long writeEntries(int valueSize) {
    long n = valueSize <= 1_000 ? 10_000 : 1_000;
    return bounded() ? Math.min(n, maxSize) : n;
  }

  /** Entries of a full cache (put at capacity). Unbounded targets use 10,000 as their ring. */
  long capacity(int valueSize) {
    return checked(bounded() ? maxSize : 10_000, valueSize);
  }

  private long checked(long n, int valueSize) {
    if (n * (long) valueSize > MAX_BYTES) {
      throw new IllegalStateException("skipped: " + id + " with " + valueSize + "-byte values needs "
          + (n * (long) valueSize >> 20) + " MB of Redis (limit " + (MAX_BYTES >> 20) + " MB)");
    }
    return n;
  }
}
