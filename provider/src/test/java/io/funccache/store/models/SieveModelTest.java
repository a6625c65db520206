package io.funccache.store.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** SieveModel on short traces worked out by hand. */
class SieveModelTest {
  @Test
  void theHandClearsBitsEvictsTheFirstUnvisitedAndWrapsAfterTheNewest() {
    SieveModel sieve = new SieveModel(3);
    sieve.put("a"); // sequences 1, 2, 3
    sieve.put("b");
    sieve.put("c");
    assertTrue(sieve.get("a"));
    assertNull(sieve.hand());

    sieve.put("d"); // from the oldest: a visited (cleared), b not: b goes
    assertEquals(Set.of("a", "c", "d"), sieve.keys());
    assertEquals(2L, sieve.hand());
    assertFalse(sieve.visited("a"));

    assertTrue(sieve.get("c"));
    sieve.put("e"); // after b: c visited (cleared), d not: d goes; it was the newest
    assertEquals(Set.of("a", "c", "e"), sieve.keys());
    assertNull(sieve.hand());

    sieve.put("f"); // from the oldest again (not from e, newer than d): a goes
    assertEquals(Set.of("c", "e", "f"), sieve.keys());
    assertEquals(1L, sieve.hand());
  }

  @Test
  void aHitOnAVisitedEntryChangesNothing() {
    SieveModel sieve = new SieveModel(3);
    sieve.put("a");
    assertTrue(sieve.get("a"));
    assertTrue(sieve.get("a"));
    sieve.put("a"); // an update is a use too
    assertEquals(1, sieve.writingHits());
    assertTrue(sieve.visited("a"));
  }

  @Test
  void afterTheStepLimitTheEntryAtTheHandGoesWhateverItsBit() {
    SieveModel sieve = new SieveModel(4, 2);
    for (String key : new String[] {"a", "b", "c", "d"}) {
      sieve.put(key);
      sieve.get(key);
    }
    sieve.put("e"); // a cleared (step 1); b visited, but step 2 is the last: b goes
    assertEquals(Set.of("a", "c", "d", "e"), sieve.keys());
    assertEquals(1, sieve.fallbacks());
    assertFalse(sieve.visited("a"));
    assertTrue(sieve.visited("c"));
  }

  @Test
  void withoutALimitTheHandGoesAllTheWayRound() {
    SieveModel sieve = new SieveModel(3, Integer.MAX_VALUE);
    for (String key : new String[] {"a", "b", "c"}) {
      sieve.put(key);
      sieve.get(key);
    }
    sieve.put("d"); // every bit cleared, then a, met again, goes
    assertEquals(Set.of("b", "c", "d"), sieve.keys());
    assertEquals(0, sieve.fallbacks());
  }

  @Test
  void aRemovedEntryLeavesTheHandWhereItWas() {
    SieveModel sieve = new SieveModel(3);
    sieve.put("a");
    sieve.put("b");
    sieve.put("c");
    sieve.put("d"); // a goes; the hand rests on a's place
    sieve.remove("b");
    sieve.put("e"); // room: nothing goes
    sieve.put("f"); // from a's place: b is gone, c is next
    assertEquals(Set.of("d", "e", "f"), sieve.keys());
  }
}
