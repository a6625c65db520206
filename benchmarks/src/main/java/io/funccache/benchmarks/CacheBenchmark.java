package io.funccache.benchmarks;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The same operations on funccache, Redisson's JCache and raw RBuckets (the floor). Throughput in
 * operations per second; one {@code getAll100}/{@code putAll100} operation moves 100 entries.
 *
 * <p>Data sets: the read scenarios (getHit, getMiss, getAll100, mixed) share one preloaded data set
 * per target and value size, kept for the whole JVM (mixed only overwrites existing keys with values
 * of the same size). put and putAll100 write into a fresh data set of at most maxSize keys (so
 * nothing is evicted); putAtCapacity fills a fresh cache to maxSize and then writes keys that are
 * not in it, so every put evicts one entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CacheBenchmark {
  @Param({"rbucket", "rjcache", "fc-lru-10k", "fc-lfu-10k", "fc-lru-1m", "fc-lfu-1m"})
  public String target;

  @Param({"100", "10240"})
  public int valueSize;

  private Target spec;
  private Store store;
  private boolean ownStore;
  private long n;
  private long capBase;
  private long capRing;
  private final AtomicLong capCounter = new AtomicLong();
  private Zipf zipf;
  private byte[] value;
  private final LongAdder misses = new LongAdder();
  private String scenario;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    scenario = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    spec = Target.parse(target);
    value = new byte[valueSize];
    new Random(valueSize).nextBytes(value);
    Backends b = Backends.get();
    switch (scenario) {
      case "getHit", "getMiss", "getAll100", "mixed" -> {
        n = spec.readEntries(valueSize);
        store = DataSets.read(b, spec, valueSize, value);
        zipf = Zipf.of((int) n);
      }
      case "put", "putAll100" -> {
        n = spec.writeEntries(valueSize);
        store = DataSets.fresh(b, spec, "w", params.getThreads());
        ownStore = true;
      }
      case "putAtCapacity" -> {
        long capacity = spec.capacity(valueSize);
        capBase = capacity;
        capRing = 2 * capacity;
        if (spec.bounded() && capacity == spec.readEntries(valueSize)) {
          // A big full cache: the read data set is that cache already. It is consumed here
          // (entries get evicted), so it is dropped from the kept ones afterwards.
          store = DataSets.consumeRead(b, spec, valueSize, value);
        } else {
          store = DataSets.fresh(b, spec, "c", params.getThreads());
          if (spec.bounded()) {
            store.load(0, capacity, value);
          }
        }
        ownStore = true;
      }
      default -> throw new IllegalStateException("unknown scenario " + scenario);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (misses.sum() > 0 && !scenario.equals("getMiss")) {
      System.err.printf("bench: WARNING %s %s/%d: %d unexpected misses%n", scenario, target,
          valueSize, misses.sum());
    }
    if (ownStore && store != null) {
      store.destroy();
    } else if (store != null) {
      DataSets.release(Backends.get(), store);
    }
  }

  private String randomKey() {
    return store.key(ThreadLocalRandom.current().nextLong(n));
  }

  @Benchmark
  public byte[] getHit() {
    byte[] v = store.get(randomKey());
    if (v == null) {
      misses.increment();
    }
    return v;
  }

  @Benchmark
  public byte[] getMiss() {
    return store.get(store.key(-1 - ThreadLocalRandom.current().nextLong(1L << 40)));
  }

  @Benchmark
  public void put() {
    store.put(randomKey(), value);
  }

  @Benchmark
  public void putAtCapacity() {
    long i = capBase + capCounter.getAndIncrement();
    store.put(store.key(i % capRing), value);
  }

  @Benchmark
  public Map<String, byte[]> getAll100() {
    long start = ThreadLocalRandom.current().nextLong(n);
    Set<String> keys = new LinkedHashSet<>(128);
    for (int j = 0; j < 100; j++) {
      keys.add(store.key((start + j) % n));
    }
    Map<String, byte[]> found = store.getAll(keys);
    if (found.size() != 100) {
      misses.add(100 - found.size());
    }
    return found;
  }

  @Benchmark
  public void putAll100() {
    long start = ThreadLocalRandom.current().nextLong(n);
    Map<String, byte[]> entries = new HashMap<>(256);
    for (int j = 0; j < 100; j++) {
      entries.put(store.key((start + j) % n), value);
    }
    store.putAll(entries);
  }

  /** 80% get / 20% put of keys drawn from a Zipf(0.99) distribution over the preloaded keys. */
  @Benchmark
  public byte[] mixed() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String key = store.key(zipf.sample(random));
    if (random.nextInt(5) == 0) {
      store.put(key, value);
      return null;
    }
    byte[] v = store.get(key);
    if (v == null) {
      misses.increment();
    }
    return v;
  }
}
