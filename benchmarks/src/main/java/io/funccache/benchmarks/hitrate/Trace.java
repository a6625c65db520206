package io.funccache.benchmarks.hitrate;

/**
 * A key access trace read once into memory: request i asks for {@code ids[i]}, a dense id in
 * {@code [0, distinct())}; {@code keys[id]} is the key as the trace file wrote it.
 */
public record Trace(String name, int[] ids, String[] keys) {

  public int requests() {
    return ids.length;
  }

  public int distinct() {
    return keys.length;
  }

  /** A trace from keys given in code (tests): the same dense-id compaction as {@link TraceReader}. */
  public static Trace of(String name, long... keys) {
    TraceReader.Compactor compactor = new TraceReader.Compactor(keys.length);
    for (long key : keys) {
      compactor.add(key);
    }
    return compactor.trace(name);
  }
}
