package io.funccache.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A timed closed loop: N caller threads (kept for the whole run, so no round pays for starting
 * them) run one operation back to back until a deadline. The round's time runs from the moment the
 * callers are released to the end of the last operation that started before the deadline, so every
 * counted operation lies inside it.
 */
final class RoundRunner implements AutoCloseable {
  /** One operation; returns false for an unexpected miss (a get that should have hit). */
  @FunctionalInterface
  interface Op {
    boolean run(ThreadLocalRandom random);
  }

  /** What one round did. */
  record Result(long ops, long nanos, long errors, long misses, Throwable firstError) {
    double opsPerSecond() {
      return ops == 0 ? Double.NaN : ops * 1e9 / nanos;
    }
  }

  private final ExecutorService pool;
  private final int maxThreads;

  RoundRunner(int maxThreads) {
    this.maxThreads = maxThreads;
    AtomicInteger seq = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(maxThreads, r -> {
      Thread t = new Thread(r, "paired-caller-" + seq.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  private record Part(long ops, long end, long errors, long misses, Throwable firstError) {}

  Result run(int threads, long nanos, Op op) {
    if (threads < 1 || threads > maxThreads) {
      throw new IllegalArgumentException(threads + " threads (1.." + maxThreads + ")");
    }
    CountDownLatch go = new CountDownLatch(1);
    long[] deadline = new long[1];
    List<Future<Part>> parts = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      parts.add(pool.submit(() -> {
        go.await();
        long until = deadline[0];                 // written before countDown: visible after await
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long ops = 0;
        long errors = 0;
        long misses = 0;
        Throwable first = null;
        while (System.nanoTime() < until) {
          try {
            if (!op.run(random)) {
              misses++;
            }
            ops++;
          } catch (RuntimeException e) {
            errors++;
            if (first == null) {
              first = e;
            }
          }
        }
        return new Part(ops, System.nanoTime(), errors, misses, first);
      }));
    }
    long t0 = System.nanoTime();
    deadline[0] = t0 + nanos;
    go.countDown();
    long ops = 0;
    long end = t0;
    long errors = 0;
    long misses = 0;
    Throwable first = null;
    for (Future<Part> f : parts) {
      Part p;
      try {
        p = f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a caller thread failed", e.getCause());
      }
      ops += p.ops();
      end = Math.max(end, p.end());
      errors += p.errors();
      misses += p.misses();
      if (first == null) {
        first = p.firstError();
      }
    }
    return new Result(ops, end - t0, errors, misses, first);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
