package io.funccache.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CacheEventTest {
  private final Cache<String, String> cache = Fixtures.fakeCache("c");

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void createdHasTheNewValueAndNoOldValue(boolean oldValueRequired) {
    CacheEvent<String, String> event =
        CacheEvent.of(cache, EventType.CREATED, "k", "new", "ignored", oldValueRequired);
    assertEquals(EventType.CREATED, event.getEventType());
    assertEquals("k", event.getKey());
    assertEquals("new", event.getValue());
    assertNull(event.getOldValue());
    assertFalse(event.isOldValueAvailable());
  }

  @Test
  void updatedShowsTheOldValueWhenRequired() {
    CacheEvent<String, String> event =
        CacheEvent.of(cache, EventType.UPDATED, "k", "new", "old", true);
    assertEquals("new", event.getValue());
    assertEquals("old", event.getOldValue());
    assertTrue(event.isOldValueAvailable());
  }

  @Test
  void updatedHidesTheOldValueWhenNotRequired() {
    CacheEvent<String, String> event =
        CacheEvent.of(cache, EventType.UPDATED, "k", "new", "old", false);
    assertEquals("new", event.getValue());
    assertNull(event.getOldValue());
    assertFalse(event.isOldValueAvailable());
  }

  @ParameterizedTest
  @ValueSource(strings = {"REMOVED", "EXPIRED"})
  void removedAndExpiredShowTheOldValueTwiceWhetherOrNotRequired(EventType type) {
    for (boolean oldValueRequired : new boolean[] {true, false}) {
      CacheEvent<String, String> event = CacheEvent.of(cache, type, "k", null, "old",
          oldValueRequired);
      assertEquals(type, event.getEventType());
      assertEquals("old", event.getValue());
      assertEquals("old", event.getOldValue());
      assertTrue(event.isOldValueAvailable());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"REMOVED", "EXPIRED"})
  void removedAndExpiredWithUnknownOldValueAreBothNull(EventType type) {
    CacheEvent<String, String> event = CacheEvent.of(cache, type, "k", null, null, false);
    assertNull(event.getValue());
    assertNull(event.getOldValue());
    assertFalse(event.isOldValueAvailable());
  }

  @Test
  void sourceIsTheCache() {
    CacheEvent<String, String> event =
        CacheEvent.of(cache, EventType.CREATED, "k", "v", null, false);
    assertSame(cache, event.getSource());
  }

  @Test
  void unwrapsToItsOwnTypesOnly() {
    CacheEvent<String, String> event =
        CacheEvent.of(cache, EventType.CREATED, "k", "v", null, false);
    assertSame(event, event.unwrap(CacheEntryEvent.class));
    assertSame(event, event.unwrap(Cache.Entry.class));
    assertSame(event, event.unwrap(Object.class));
    assertThrows(IllegalArgumentException.class, () -> event.unwrap(String.class));
  }

  @Test
  void keyIsRequired() {
    assertThrows(NullPointerException.class,
        () -> CacheEvent.of(cache, EventType.CREATED, null, "v", null, false));
  }
}
