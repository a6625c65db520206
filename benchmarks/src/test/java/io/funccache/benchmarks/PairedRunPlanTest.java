package io.funccache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The quick mode's plan, without Redis: every target row is there, with both of its sides. */
class PairedRunPlanTest {
  private static PairedRun run(boolean full) {
    List<String> args = new ArrayList<>();
    if (full) {
      args.add("--full");
    }
    return new PairedRun(PairedRun.Options.parse(args));
  }

  @Test
  void quickModeHasEveryTargetRowWithBothSidesInOneGroup() {
    PairedRun run = run(false);
    List<PairedRun.Row> rows = run.rows();
    // get vs raw, get vs Redisson JCache, put at capacity: 2 policies x (10k: 2 value sizes + 1M:
    // 100 B) x 2 caller counts = 12 each; getAll: 2 x 2 maxSizes x 2 = 8; size scaling 2 x 2; near 1.
    assertEquals(12 + 12 + 12 + 8 + 4 + 1, rows.size());
    Set<String> seen = new HashSet<>();
    for (PairedRun.Row r : rows) {
      assertNotNull(r.a(), r.target() + " / " + r.caseLabel());
      assertNotNull(r.b(), r.target() + " / " + r.caseLabel());
      assertNotSame(r.a(), r.b());
      assertTrue(seen.add(r.target() + " | " + r.caseLabel()), "duplicate row " + r);
      PairedRun.Group ga = groupOf(run, r.a());
      assertTrue(ga.sides.contains(r.b()), "paired sides run in one group: " + r.caseLabel());
    }
    assertTrue(seen.contains("put at capacity >= 0.8 x RBucket.set | fc-lfu-1m, 100 B, 16 thr"));
    assertTrue(seen.contains("get-hit >= 1.0 x Redisson JCache get | fc-lru-10k, 10 KB, 1 thr"));
    assertTrue(seen.contains("near hit >= 50 x remote hit | fc-lru-10k, 100 B, 1 thr"));
  }

  @Test
  void everyDesignFloorRowHasBothSidesInOneGroup() {
    PairedRun run = run(false);
    List<PairedRun.Row> rows = run.floorRows();
    // bare read, bare LRU hit, funccache / bare LRU; the same for writes; at 1 and 16 threads
    assertEquals(12, rows.size());
    for (PairedRun.Row r : rows) {
      assertNotNull(r.a(), r.target() + " / " + r.caseLabel());
      assertNotNull(r.b(), r.target() + " / " + r.caseLabel());
      assertTrue(groupOf(run, r.a()).sides.contains(r.b()), r.target());
    }
    assertEquals(Target.Kind.FUNCTION_FLOOR, Target.parse("fn-hget").kind());
    Target lru = Target.parse("fn-lru-10k");
    assertEquals(Target.Kind.FUNCTION_FLOOR, lru.kind());
    assertEquals(10_000, lru.maxSize());
    assertEquals(10_000, lru.capacity(100));
    assertThrows(IllegalArgumentException.class, () -> Target.parse("fn-lfu"));
  }

  @Test
  void fullModeKeepsTheTargetsAndAddsTheOtherScenarios() {
    PairedRun quick = run(false);
    PairedRun full = run(true);
    assertEquals(quick.rows().size(), full.rows().size());
    assertTrue(full.groups.size() > quick.groups.size());
    Set<String> scenarios = new HashSet<>();
    for (PairedRun.Group g : full.groups) {
      for (PairedRun.Side s : g.sides) {
        scenarios.add(s.scenario);
      }
    }
    assertEquals(Set.of("getHit", "getMiss", "put", "putAtCapacity", "getAll100", "putAll100",
        "mixed", "nearHit", "remoteHit"), scenarios);
  }

  @Test
  void aBigCachesPutAtCapacityTakesItsReadDataSetAfterItsLastRead() {
    assertEquals("r|fc-lru-1m|100", PairedRun.dataKey("fc-lru-1m", "putAtCapacity", 100));
    assertEquals("c|fc-lru-10k|100", PairedRun.dataKey("fc-lru-10k", "putAtCapacity", 100));
    assertEquals("r|fc-lru-10k|100", PairedRun.dataKey("fc-lru-10k", "getAll100", 100));
    for (boolean full : new boolean[] {false, true}) {
      PairedRun run = run(full);
      Map<String, Integer> last = PairedRun.lastUse(run.groups);   // throws if a read came later
      int lastGroup = run.groups.size() - 1;
      assertEquals(lastGroup, last.get("r|fc-lfu-1m|100"));
      // the 10 KB data sets go before the 1M caches are loaded
      int firstMillion = -1;
      for (int i = 0; i < run.groups.size(); i++) {
        if (run.groups.get(i).label.contains("1M") && firstMillion < 0) {
          firstMillion = i;
        }
      }
      assertTrue(last.get("c|fc-lru-10k|10240") < firstMillion);
      assertTrue(last.get("r|rjcache|10240") < firstMillion);
    }
  }

  @Test
  void aReadAfterAPutAtCapacityOfTheSameBigCacheIsRefused() {
    List<PairedRun.Group> bad = List.of(
        new PairedRun.Group("a", 100, 1, "fc-lru-1m putAtCapacity"),
        new PairedRun.Group("b", 100, 1, "fc-lru-1m getHit"));
    assertThrows(IllegalStateException.class, () -> PairedRun.lastUse(bad));
  }

  @Test
  void optionsRefuseFewerThanFiveRounds() {
    assertThrows(IllegalArgumentException.class,
        () -> PairedRun.Options.parse(List.of("--rounds", "4")));
    assertThrows(IllegalArgumentException.class,
        () -> PairedRun.Options.parse(List.of("--bogus")));
    PairedRun.Options d = PairedRun.Options.parse(List.of());
    assertEquals(20, d.rounds());
    assertEquals(250, d.roundMillis());
    assertEquals(4, d.warmup());
    PairedRun.Options o = PairedRun.Options.parse(List.of("--rounds", "7", "--round-ms", "500"));
    assertEquals(7, o.rounds());
    assertEquals(500, o.roundMillis());
  }

  @Test
  void memoryProbeKeysHaveTheirExactSizes() {
    Set<String> keys = new HashSet<>();
    for (int size : MemoryProbe.KEY_SIZES) {
      for (int i : new int[] {0, 1, 99_999}) {
        String k = MemoryProbe.key("AbCd", size, i);
        assertEquals(size, k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, k);
        assertTrue(k.contains("AbCd"));
        assertTrue(keys.add(k));
      }
    }
  }

  @Test
  void aRowPairsRoundsByIndexAndPredictsTheRatioFromCpuCost() {
    PairedRun.Side a = new PairedRun.Side("fc-lru-10k", "getHit");
    PairedRun.Side b = new PairedRun.Side("rbucket", "getHit");
    // A: 900, 800, 1000 ops/s at 60 us of CPU per op; B: 1000 ops/s at 30 + 10 us.
    double[] aOps = {900, 800, 1000};
    for (double ops : aOps) {
      a.rounds.add(new PairedRun.Measured(ops, 5, 1, 20, 40, 1000, 0, 0, null));
      b.rounds.add(new PairedRun.Measured(1000, 1, 1, 10, 30, 1000, 0, 0, null));
    }
    PairedRun.Row row = new PairedRun.Row("t", "c", a, b, 1, false, 0.9, true);
    assertArrayEquals(new double[] {0.9, 0.8, 1.0}, row.ratios(), 1e-12);
    assertArrayEquals(new double[] {40.0 / 60, 40.0 / 60, 40.0 / 60}, row.cpuRatios(), 1e-12);
    // a latency row (inverse): A/B latency = B/A throughput, and cost A / cost B
    PairedRun.Row latency = new PairedRun.Row("t", "c", a, b, 1, true, 1.3, false);
    assertEquals(1000.0 / 900, latency.ratios()[0], 1e-12);
    assertEquals(60.0 / 40, latency.cpuRatios()[0], 1e-12);
    // a round with errors is no pair
    a.rounds.set(1, new PairedRun.Measured(800, 5, 1, 20, 40, 1000, 3, 0, null));
    assertTrue(Double.isNaN(row.ratios()[1]));
    assertTrue(Double.isNaN(row.cpuRatios()[1]));
  }

  private static PairedRun.Group groupOf(PairedRun run, PairedRun.Side side) {
    for (PairedRun.Group g : run.groups) {
      if (g.sides.contains(side)) {
        return g;
      }
    }
    throw new AssertionError("no group holds " + side.label());
  }
}
