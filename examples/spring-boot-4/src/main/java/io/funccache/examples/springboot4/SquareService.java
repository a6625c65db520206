package io.funccache.examples.springboot4;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.annotation.CacheResult;
import org.springframework.stereotype.Service;

/**
 * A slow computation cached with the JSR-107 annotation {@code @CacheResult} in the funccache
 * cache {@code squares} (LFU, maxSize 3 in {@code funccache.yaml}).
 */
@Service
public class SquareService {
  private final Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();

  @CacheResult(cacheName = "squares")
  public Long square(Integer n) {
    calls.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
    Slow.pause();
    return (long) n * n;
  }

  /** How often {@link #square} really ran for this argument (cache misses). */
  public int calls(int n) {
    AtomicInteger count = calls.get(n);
    return count == null ? 0 : count.get();
  }

  public void resetCalls() {
    calls.clear();
  }
}
