package io.funccache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairStatsTest {
  private static final double EPS = 1e-12;

  @Test
  void spreadOfAnOddSample() {
    PairStats.Spread s = PairStats.spread(new double[] {5, 1, 3, 2, 4});
    assertEquals(3, s.median(), EPS);
    assertEquals(1, s.min(), EPS);
    assertEquals(5, s.max(), EPS);
    assertEquals(2, s.q1(), EPS);
    assertEquals(4, s.q3(), EPS);
    assertEquals(5, s.n());
  }

  @Test
  void spreadOfAnEvenSampleInterpolates() {
    PairStats.Spread s = PairStats.spread(new double[] {4, 1, 3, 2});
    assertEquals(2.5, s.median(), EPS);
    assertEquals(1.75, s.q1(), EPS);
    assertEquals(3.25, s.q3(), EPS);
    assertEquals("1.000-4.000", s.minMax());
    assertEquals("1.750-3.250", s.iqr());
  }

  @Test
  void spreadLeavesOutFailedPairsAndIsNaNWhenNoneIsLeft() {
    PairStats.Spread s = PairStats.spread(new double[] {Double.NaN, 2, 9, Double.NaN, 4});
    assertEquals(4, s.median(), EPS);
    assertEquals(3, s.n());
    PairStats.Spread none = PairStats.spread(new double[] {Double.NaN});
    assertTrue(Double.isNaN(none.median()));
    assertEquals(0, none.n());
    assertEquals("n/a", none.minMax());
  }

  @Test
  void ratiosArePerPairNotOfMedians() {
    // Medians of the sides would give 20 / 10 = 2; the pairs give 1, 2 and 4.
    double[] a = {10, 20, 40};
    double[] b = {10, 10, 10};
    double[] r = PairStats.ratios(a, b, 1, false);
    assertEquals(1, r[0], EPS);
    assertEquals(2, r[1], EPS);
    assertEquals(4, r[2], EPS);
    double[] sorted = {100, 300, 200};
    double[] inverse = PairStats.ratios(new double[] {50, 100, 100}, sorted, 1, true);
    assertEquals(2, inverse[0], EPS);
    assertEquals(3, inverse[1], EPS);
    assertEquals(2, inverse[2], EPS);
    double[] scaled = PairStats.ratios(new double[] {300}, new double[] {1000}, 100, false);
    assertEquals(30, scaled[0], EPS);
  }

  @Test
  void aPairWithAFailedOrEmptySideIsNaN() {
    double[] r = PairStats.ratios(new double[] {Double.NaN, 0, 5}, new double[] {1, 1, 0}, 1,
        false);
    for (double x : r) {
      assertTrue(Double.isNaN(x));
    }
    assertThrows(IllegalArgumentException.class,
        () -> PairStats.ratios(new double[2], new double[3], 1, false));
  }

  @Test
  void theMedianDecidesNotTheMajorityOfPairs() {
    double[] r = {0.85, 0.95, 0.91, 0.89, 0.92};
    assertEquals("met", PairStats.verdict(r, 0.9, true, 5));
    assertEquals("3/5", PairStats.pairsMeeting(r, 0.9, true));
    double[] low = {0.2, 0.95, 0.89, 0.88, 0.99};
    assertEquals("MISSED", PairStats.verdict(low, 0.9, true, 5));
    assertEquals("2/5", PairStats.pairsMeeting(low, 0.9, true));
  }

  @Test
  void anUpperBoundIsMetAtOrBelowIt() {
    assertEquals("MISSED", PairStats.verdict(new double[] {1.2, 1.4, 1.25, 1.35, 1.31}, 1.3,
        false, 5));
    assertEquals("met", PairStats.verdict(new double[] {1.2, 1.4, 1.3, 1.35, 1.1}, 1.3, false,
        5));
    assertTrue(PairStats.meets(0.9, 0.9, true));
    assertTrue(PairStats.meets(1.3, 1.3, false));
    assertFalse(PairStats.meets(Double.NaN, 1, true));
  }

  @Test
  void tooFewPairsFail() {
    String v = PairStats.verdict(new double[] {1, 1, Double.NaN, 1, 1}, 0.9, true, 5);
    assertEquals("FAILED (4 of 5 pairs measured)", v);
    assertEquals("4/4", PairStats.pairsMeeting(new double[] {1, 1, Double.NaN, 1, 1}, 0.9, true));
  }

  @Test
  void scheduleRunsEverySideOncePerCycleAlternatingDirection() {
    List<PairStats.Slot> slots = PairStats.schedule(3, 1, 5);
    assertEquals(3 * 6, slots.size());
    List<Integer> order = new ArrayList<>();
    for (PairStats.Slot s : slots) {
      order.add(s.side());
    }
    assertEquals(List.of(0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0, 1, 2, 2, 1, 0), order);
    for (int i = 0; i < 3; i++) {
      assertFalse(slots.get(i).measured());
      assertEquals(-1, slots.get(i).round());
    }
    // Measured cycles are rounds 0..4, in order, each side once per round.
    for (int i = 3; i < slots.size(); i++) {
      assertTrue(slots.get(i).measured());
      assertEquals((i - 3) / 3, slots.get(i).round());
    }
  }

  @Test
  void scheduleOfTwoSidesIsAbbaAndPairsStayAdjacent() {
    List<PairStats.Slot> slots = PairStats.schedule(2, 0, 6);
    StringBuilder sb = new StringBuilder();
    for (PairStats.Slot s : slots) {
      sb.append((char) ('A' + s.side()));
    }
    assertEquals("ABBAABBAABBA", sb.toString());
    // Round i of A and round i of B are neighbours in time.
    for (int round = 0; round < 6; round++) {
      int a = -1;
      int b = -1;
      for (int i = 0; i < slots.size(); i++) {
        if (slots.get(i).round() == round) {
          if (slots.get(i).side() == 0) {
            a = i;
          } else {
            b = i;
          }
        }
      }
      assertEquals(1, Math.abs(a - b));
    }
  }

  @Test
  void ratiosAreFormattedWithThreeDecimalsBelowTen() {
    assertEquals("0.899", PairStats.fmt(0.8994));
    assertEquals("29.7", PairStats.fmt(29.71));
    assertEquals("n/a", PairStats.fmt(Double.NaN));
  }
}
