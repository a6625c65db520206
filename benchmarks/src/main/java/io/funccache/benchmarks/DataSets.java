package io.funccache.benchmarks;

import java.util.concurrent.atomic.AtomicLong;

/** Creates the data sets of the benchmarks, all named under the run id. */
final class DataSets {
  private static final AtomicLong SEQ = new AtomicLong();

  /**
   * Whether read data sets outlive their trial (quick mode: forks 0, one JVM, cleaned at its end).
   * Otherwise every trial drops what it loaded: a forked JMH JVM may end without shutdown hooks.
   */
  static volatile boolean shareAcrossTrials;

  private DataSets() {}

  /** The preloaded read data set of a target and value size, loaded once per JVM. */
  static Store read(Backends b, Target spec, int valueSize, byte[] value) {
    String name = Backends.RUN + "-r-" + spec.id() + "-" + valueSize;
    return (Store) b.kept.computeIfAbsent(name, k -> {
      Store s = open(b, spec, name);
      long n = spec.readEntries(valueSize);
      long t0 = System.nanoTime();
      s.load(0, n, value);
      System.err.printf("bench: loaded %,d entries of %d bytes into %s in %.1f s%n", n, valueSize,
          name, (System.nanoTime() - t0) / 1e9);
      return s;
    });
  }

  /** Ends a trial's use of a read data set. */
  static void release(Backends b, Store s) {
    if (!shareAcrossTrials && b.kept.remove(s.name) != null) {
      s.destroy();
    }
  }

  /** The read data set, handed over to a writer: the next reader loads it again. */
  static Store consumeRead(Backends b, Target spec, int valueSize, byte[] value) {
    Store s = read(b, spec, valueSize, value);
    b.kept.remove(s.name);
    return s;
  }

  /** A new, empty data set. */
  static Store fresh(Backends b, Target spec, String role, int threads) {
    String name = Backends.RUN + "-" + role + "-" + spec.id() + "-t" + threads + "-"
        + SEQ.incrementAndGet();
    return open(b, spec, name);
  }

  static Store open(Backends b, Target spec, String name) {
    return switch (spec.kind()) {
      case RBUCKET -> new Store.BucketStore(name, b.redisson);
      case RJCACHE -> new Store.JCacheStore(name, b.redissonCache(name),
          () -> b.redissonJCache.destroyCache(name));
      case FUNCCACHE -> new Store.JCacheStore(name,
          b.funccacheCache(name, spec.policy(), spec.maxSize()),
          () -> b.funccache.destroyCache(name));
      case FUNCTION_FLOOR -> new Store.FunctionStore(name, b.redisson, spec.policy() != null,
          spec.maxSize());
    };
  }
}
