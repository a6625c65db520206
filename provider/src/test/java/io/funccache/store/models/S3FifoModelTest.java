package io.funccache.store.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** S3FifoModel on short traces worked out by hand (maxSize 5: small's share is 0, main's 5). */
class S3FifoModelTest {
  @Test
  void smallPromotesTwiceHitEntriesEvictsTheRestToTheGhostAndGhostsComeBackToMain() {
    S3FifoModel s3 = new S3FifoModel(5);
    for (String key : new String[] {"a", "b", "c", "d", "e"}) {
      s3.put(key);
    }
    s3.get("a");
    s3.get("a");
    s3.get("b");

    s3.put("f"); // small's oldest a (freq 2) moves to main; b (freq 1) goes and becomes a ghost
    assertEquals(Set.of("a", "c", "d", "e", "f"), s3.keys());
    assertTrue(s3.inMain("a"));
    assertEquals(0, s3.freq("a"));
    assertEquals(Set.of(S3FifoModel.ghostId("b")), s3.ghostIds());

    s3.put("b"); // c goes (a ghost too); b was a ghost: it enters main, and is a ghost no more
    assertEquals(Set.of("a", "b", "d", "e", "f"), s3.keys());
    assertTrue(s3.inMain("b"));
    assertEquals(Set.of(S3FifoModel.ghostId("c")), s3.ghostIds());
    assertEquals(3, s3.smallSize());
    assertEquals(2, s3.mainSize());
  }

  @Test
  void mainReinsertsUsedEntriesWithOneLessAndEvictsTheFirstUnused() {
    S3FifoModel s3 = new S3FifoModel(5);
    for (String key : new String[] {"a", "b", "c", "d", "e"}) {
      s3.put(key);
    }
    s3.get("a");
    s3.get("a");
    s3.put("f"); // a to main; b to the ghost
    for (String key : new String[] {"b", "c", "d", "e"}) {
      s3.put(key); // each evicts small's oldest to the ghost and comes back from it into main
    }
    assertEquals(Set.of("a", "b", "c", "d", "e"), s3.keys());
    assertEquals(0, s3.smallSize());
    for (int i = 0; i < 4; i++) {
      assertTrue(s3.get("a"));
    }
    assertEquals(3, s3.freq("a")); // capped: the fourth hit wrote nothing
    assertEquals(2 + 3, s3.writingHits());

    s3.put("g"); // small empty: main's oldest a (freq 3) goes back as 2, then b (freq 0) goes
    assertEquals(Set.of("a", "c", "d", "e", "g"), s3.keys());
    assertEquals(2, s3.freq("a"));
    assertFalse(s3.inMain("g"));
  }

  @Test
  void theGhostListKeepsAsManyIdsAsMainsShare() {
    S3FifoModel s3 = new S3FifoModel(5);
    for (int i = 0; i < 15; i++) {
      s3.put("k" + i);
      assertTrue(s3.ghostIds().size() <= 5);
    }
    Set<String> expected = new HashSet<>();
    for (int i = 5; i < 10; i++) {
      expected.add(S3FifoModel.ghostId("k" + i));
    }
    assertEquals(expected, s3.ghostIds());
  }

  @Test
  void afterTheStepLimitSmallsOldestGoesWhateverItsFrequency() {
    S3FifoModel s3 = new S3FifoModel(5, 2);
    for (String key : new String[] {"a", "b", "c", "d", "e"}) {
      s3.put(key);
      s3.get(key);
      s3.get(key);
    }
    s3.put("f"); // a moves to main (step 1); b would too, but step 2 is the last: b goes
    assertEquals(Set.of("a", "c", "d", "e", "f"), s3.keys());
    assertEquals(1, s3.fallbacks());
    assertEquals(Set.of(S3FifoModel.ghostId("b")), s3.ghostIds());
  }

  @Test
  void theGhostIdIsAPrefixOfTheSha1OfTheUtf8Key() {
    // printf 'k0' | sha1sum
    assertEquals("699de12dc3094b06", S3FifoModel.ghostId("k0"));
  }
}
