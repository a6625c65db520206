package io.funccache.benchmarks;

import io.funccache.RedisCacheConfiguration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
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
 * A near hit against a remote hit of the same funccache cache shape (LRU, 10,000, 1,000 entries of
 * 100 bytes): the near cache's reason to exist. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar jmh NearCacheBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NearCacheBenchmark {
  private static final int ENTRIES = 1_000;

  private Cache<String, byte[]> remote;
  private Cache<String, byte[]> near;

  @Setup(Level.Trial)
  public void load() {
    Backends b = Backends.get();
    remote = b.funccache.createCache("near-bench-remote-" + System.nanoTime(),
        new RedisCacheConfiguration<String, byte[]>().setTypes(String.class, byte[].class)
            .setMaxSize(10_000));
    near = b.funccache.createCache("near-bench-near-" + System.nanoTime(),
        new RedisCacheConfiguration<String, byte[]>().setTypes(String.class, byte[].class)
            .setMaxSize(10_000).setNearCacheMaxSize(10_000));
    byte[] value = new byte[100];
    for (int i = 0; i < ENTRIES; i++) {
      remote.put("k" + i, value);
      near.put("k" + i, value);
      near.get("k" + i); // warm the near tier
    }
  }

  @TearDown(Level.Trial)
  public void drop() {
    Backends b = Backends.get();
    b.funccache.destroyCache(remote.getName());
    b.funccache.destroyCache(near.getName());
  }

  @Benchmark
  public byte[] remoteHit() {
    return remote.get("k" + ThreadLocalRandom.current().nextInt(ENTRIES));
  }

  @Benchmark
  public byte[] nearHit() {
    return near.get("k" + ThreadLocalRandom.current().nextInt(ENTRIES));
  }
}
