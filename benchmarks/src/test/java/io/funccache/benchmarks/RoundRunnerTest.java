package io.funccache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoundRunnerTest {
  @Test
  void runsOnTheGivenCallersUntilTheDeadlineAndCountsEveryOperation() throws Exception {
    Set<Thread> callers = ConcurrentHashMap.newKeySet();
    AtomicLong calls = new AtomicLong();
    try (RoundRunner runner = new RoundRunner(8)) {
      RoundRunner.Result r = runner.run(4, 200_000_000L, random -> {
        callers.add(Thread.currentThread());
        calls.incrementAndGet();
        sleep(2);
        return true;
      });
      assertEquals(4, callers.size());
      assertEquals(calls.get(), r.ops());
      assertTrue(r.nanos() >= 200_000_000L, "the round lasts at least its length: " + r.nanos());
      assertTrue(r.nanos() < 2_000_000_000L, "and ends soon after: " + r.nanos());
      // 4 callers x 200 ms / 2 ms per op = at most about 400 operations (fewer on a busy machine)
      assertTrue(r.ops() > 0 && r.ops() <= 420, "ops " + r.ops());
      assertEquals(r.ops() * 1e9 / r.nanos(), r.opsPerSecond(), 1e-6);
      assertEquals(0, r.errors());
      assertEquals(0, r.misses());
    }
  }

  @Test
  void countsMissesAndErrorsApartFromOperations() {
    AtomicLong n = new AtomicLong();
    try (RoundRunner runner = new RoundRunner(1)) {
      RoundRunner.Result r = runner.run(1, 100_000_000L, random -> {
        long i = n.incrementAndGet();
        sleep(1);
        if (i % 3 == 0) {
          throw new IllegalStateException("boom " + i);
        }
        return i % 3 != 1;
      });
      long total = n.get();
      assertEquals(total / 3, r.errors());
      assertEquals(total - total / 3, r.ops());
      assertEquals((total + 2) / 3, r.misses());
      assertNotNull(r.firstError());
      assertEquals("boom 3", r.firstError().getMessage());
    }
  }

  @Test
  void refusesMoreCallersThanItHas() {
    try (RoundRunner runner = new RoundRunner(2)) {
      assertThrows(IllegalArgumentException.class, () -> runner.run(3, 1_000_000L, r -> true));
      assertThrows(IllegalArgumentException.class, () -> runner.run(0, 1_000_000L, r -> true));
    }
  }

  @Test
  void aRoundWithNoOperationHasNoRate() {
    assertTrue(Double.isNaN(new RoundRunner.Result(0, 1_000, 0, 0, null).opsPerSecond()));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
