package io.funccache.benchmarks;

import io.funccache.EvictionPolicy;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.processor.EntryProcessor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Uncontended {@code invoke} on funccache (LRU, 100-byte values), the way Spring's
 * {@code @Cacheable(sync = true)} calls it: a processor that returns the value if present and
 * sets it otherwise. {@code invokeHit}: the entry is there (read, then the access is recorded).
 * {@code invokeMiss}: a key never used before (read, then create). {@code invokeMissNoWrite}: a
 * key never used before and a processor that only asks {@code exists()} (the read, and since
 * invoke leases missing entries, the lease's release). The cache holds at most 1,000,000 entries,
 * so misses never evict in a run of normal length.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InvokeBenchmark {
  private static final int HIT_KEYS = 1_000;

  /** What Spring's value-loader processor does: the value if present, else the argument, set. */
  private static final EntryProcessor<String, byte[], byte[]> LOAD_IF_ABSENT = (entry, args) -> {
    if (entry.exists()) {
      return entry.getValue();
    }
    byte[] loaded = (byte[]) args[0];
    entry.setValue(loaded);
    return loaded;
  };

  private static final EntryProcessor<String, byte[], Boolean> EXISTS =
      (entry, args) -> entry.exists();

  private final AtomicLong fresh = new AtomicLong();
  private Cache<String, byte[]> cache;
  private String name;
  private byte[] value;

  @Setup(Level.Trial)
  public void setUp() {
    Backends b = Backends.get();
    name = "invoke-" + System.nanoTime();
    cache = b.funccacheCache(name, EvictionPolicy.LRU, 1_000_000);
    value = new byte[100];
    new Random(100).nextBytes(value);
    Map<String, byte[]> entries = new HashMap<>();
    for (int i = 0; i < HIT_KEYS; i++) {
      entries.put("k" + i, value);
    }
    cache.putAll(entries);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Backends.get().funccache.destroyCache(name);
  }

  @Benchmark
  public byte[] invokeHit() {
    return cache.invoke("k" + ThreadLocalRandom.current().nextInt(HIT_KEYS), LOAD_IF_ABSENT,
        value);
  }

  @Benchmark
  public byte[] invokeMiss() {
    return cache.invoke("m" + fresh.incrementAndGet(), LOAD_IF_ABSENT, value);
  }

  @Benchmark
  public Boolean invokeMissNoWrite() {
    return cache.invoke("a" + fresh.incrementAndGet(), EXISTS);
  }
}
