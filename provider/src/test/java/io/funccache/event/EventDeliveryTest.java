package io.funccache.event;

import static io.funccache.event.Fixtures.NO_EXECUTOR;
import static io.funccache.event.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.event.Fixtures.Call;
import io.funccache.event.Fixtures.CreatedOnly;
import io.funccache.event.Fixtures.ExpiredOnly;
import io.funccache.event.Fixtures.PrefixFilter;
import io.funccache.event.Fixtures.Recorder;
import io.funccache.event.Fixtures.RemovedOnly;
import io.funccache.event.Fixtures.UpdatedOnly;
import java.util.List;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventDeliveryTest {
  private final Cache<String, String> cache = Fixtures.fakeCache("c");
  private final EventDispatcher<String, String> dispatcher =
      new EventDispatcher<>(cache, NO_EXECUTOR);

  private void oneOfEach() {
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("c1", "v1");
    batch.updated("u1", "old", "new");
    batch.removed("r1", "gone");
    batch.expired("e1", "stale");
    batch.dispatch();
  }

  @Test
  void eachEventTypeReachesOnlyTheListenersOfThatType() {
    CreatedOnly created = new CreatedOnly();
    UpdatedOnly updated = new UpdatedOnly();
    RemovedOnly removed = new RemovedOnly();
    ExpiredOnly expired = new ExpiredOnly();
    dispatcher.register(config(created, false, true));
    dispatcher.register(config(updated, false, true));
    dispatcher.register(config(removed, false, true));
    dispatcher.register(config(expired, false, true));

    oneOfEach();

    assertEquals(1, created.events.size());
    assertEquals(EventType.CREATED, created.events.get(0).getEventType());
    assertEquals("c1", created.events.get(0).getKey());
    assertEquals(1, updated.events.size());
    assertEquals(EventType.UPDATED, updated.events.get(0).getEventType());
    assertEquals("u1", updated.events.get(0).getKey());
    assertEquals(1, removed.events.size());
    assertEquals(EventType.REMOVED, removed.events.get(0).getEventType());
    assertEquals("r1", removed.events.get(0).getKey());
    assertEquals(1, expired.events.size());
    assertEquals(EventType.EXPIRED, expired.events.get(0).getEventType());
    assertEquals("e1", expired.events.get(0).getKey());
  }

  @Test
  void aListenerOfEveryTypeGetsOneCallPerTypeInOrderOfFirstEvent() {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, false, true));

    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.updated("u1", "o", "n");
    batch.created("c1", "v");
    batch.updated("u2", "o", "n");
    batch.created("c2", "v");
    batch.created("c3", "v");
    batch.removed("r1", "o");
    batch.dispatch();

    List<Call> calls = recorder.calls();
    assertEquals(3, calls.size());
    assertEquals(EventType.UPDATED, calls.get(0).type());
    assertEquals(List.of("u1", "u2"), calls.get(0).keys());
    assertEquals(EventType.CREATED, calls.get(1).type());
    assertEquals(List.of("c1", "c2", "c3"), calls.get(1).keys());
    assertEquals(EventType.REMOVED, calls.get(2).type());
    assertEquals(List.of("r1"), calls.get(2).keys());
    for (CacheEntryEvent<? extends String, ? extends String> event : recorder.events()) {
      assertSame(cache, event.getSource());
    }
  }

  @Test
  void aKeyChangedTwiceInOneBatchKeepsItsOrder() {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, true, true));

    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("a", "1");
    batch.expired("b", "old");
    batch.created("b", "2");
    batch.created("c", "3");
    batch.dispatch();

    List<Call> calls = recorder.calls();
    assertEquals(3, calls.size());
    assertEquals(EventType.CREATED, calls.get(0).type());
    assertEquals(List.of("a"), calls.get(0).keys());
    assertEquals(EventType.EXPIRED, calls.get(1).type());
    assertEquals(List.of("b"), calls.get(1).keys());
    assertEquals(EventType.CREATED, calls.get(2).type());
    assertEquals(List.of("b", "c"), calls.get(2).keys());
  }

  @Test
  void theFilterDecidesPerEvent() {
    Recorder recorder = new Recorder();
    PrefixFilter filter = new PrefixFilter("yes");
    dispatcher.register(config(recorder, filter, false, true));
    Recorder unfiltered = new Recorder();
    dispatcher.register(config(unfiltered, false, true));

    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("yes1", "v");
    batch.created("no1", "v");
    batch.created("yes2", "v");
    batch.removed("no2", "v");
    batch.dispatch();

    List<Call> calls = recorder.calls();
    assertEquals(1, calls.size(), "no call for a type whose events were all filtered out");
    assertEquals(List.of("yes1", "yes2"), calls.get(0).keys());
    assertEquals(4, filter.evaluations.get());
    assertEquals(4, unfiltered.events().size());
  }

  @Test
  void theFilterSeesTheEventTheListenerGets() {
    Recorder recorder = new Recorder();
    List<CacheEntryEvent<? extends String, ? extends String>> seen = new java.util.ArrayList<>();
    dispatcher.register(config(recorder, event -> seen.add(event), true, true));

    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.updated("k", "old", "new");
    batch.dispatch();

    assertEquals(1, seen.size());
    assertSame(seen.get(0), recorder.events().get(0));
    assertEquals("old", seen.get(0).getOldValue());
  }

  @Test
  void updatedEventsCarryTheOldValueOnlyWhenRequired() {
    Recorder withOld = new Recorder();
    Recorder withoutOld = new Recorder();
    dispatcher.register(config(withOld, true, true));
    dispatcher.register(config(withoutOld, false, true));

    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.updated("k", "old", "new");
    batch.dispatch();

    CacheEntryEvent<? extends String, ? extends String> event = withOld.events().get(0);
    assertEquals(EventType.UPDATED, event.getEventType());
    assertEquals("new", event.getValue());
    assertEquals("old", event.getOldValue());
    assertTrue(event.isOldValueAvailable());

    event = withoutOld.events().get(0);
    assertEquals("new", event.getValue());
    assertNull(event.getOldValue());
    assertFalse(event.isOldValueAvailable());
  }

  @Test
  void createdEventsNeverCarryAnOldValue() {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, true, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("k", "v");
    batch.dispatch();

    CacheEntryEvent<? extends String, ? extends String> event = recorder.events().get(0);
    assertEquals("v", event.getValue());
    assertNull(event.getOldValue());
    assertFalse(event.isOldValueAvailable());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void removedAndExpiredEventsCarryTheOldValueAsValueAndOldValue(boolean oldValueRequired) {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, oldValueRequired, true));

    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.removed("r", "gone");
    batch.expired("e", "stale");
    batch.dispatch();

    List<CacheEntryEvent<? extends String, ? extends String>> events = recorder.events();
    assertEquals(2, events.size());
    assertEquals(EventType.REMOVED, events.get(0).getEventType());
    assertEquals("gone", events.get(0).getValue());
    assertEquals("gone", events.get(0).getOldValue());
    assertTrue(events.get(0).isOldValueAvailable());
    assertEquals(EventType.EXPIRED, events.get(1).getEventType());
    assertEquals("stale", events.get(1).getValue());
    assertEquals("stale", events.get(1).getOldValue());
    assertTrue(events.get(1).isOldValueAvailable());
  }

  @Test
  void removedWithoutAKnownOldValueHasBothNull() {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, false, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.removed("r", null);
    batch.dispatch();

    CacheEntryEvent<? extends String, ? extends String> event = recorder.events().get(0);
    assertNull(event.getValue());
    assertNull(event.getOldValue());
    assertFalse(event.isOldValueAvailable());
  }

  @Test
  void theEventListIsReadOnly() {
    List<Iterable<?>> received = new java.util.ArrayList<>();
    dispatcher.register(config(
        (javax.cache.event.CacheEntryCreatedListener<String, String>) received::add, false, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("k", "v");
    batch.dispatch();
    @SuppressWarnings("unchecked")
    List<Object> events = (List<Object>) received.get(0);
    assertThrows(UnsupportedOperationException.class, () -> events.add("x"));
  }

  @Test
  void batchesRecordOnlyTypesSomeListenerWants() {
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("k", "v");
    assertTrue(batch.isEmpty());

    dispatcher.register(config(new CreatedOnly(), false, true));
    batch.removed("k", "v");
    batch.expired("k", "v");
    batch.updated("k", "v", "w");
    assertTrue(batch.isEmpty());
    batch.created("k", "v");
    assertFalse(batch.isEmpty());
  }

  @Test
  void dispatchEmptiesTheBatch() {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, false, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("k", "v");
    batch.dispatch();
    assertTrue(batch.isEmpty());
    batch.dispatch();
    assertEquals(1, recorder.calls().size());
  }

  @Test
  void batchesRejectNullKeysAndNewValues() {
    dispatcher.register(config(new Recorder(), false, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    assertThrows(NullPointerException.class, () -> batch.created(null, "v"));
    assertThrows(NullPointerException.class, () -> batch.created("k", null));
    assertThrows(NullPointerException.class, () -> batch.updated("k", "o", null));
    assertThrows(NullPointerException.class, () -> batch.removed(null, "o"));
    assertThrows(NullPointerException.class, () -> batch.expired(null, "o"));
  }

  @Test
  void deregisterStopsDelivery() {
    Recorder stays = new Recorder();
    Recorder leaves = new Recorder();
    dispatcher.register(config(stays, false, true));
    var leaving = config(leaves, false, true);
    dispatcher.register(leaving);
    oneOfEach();
    assertEquals(4, leaves.calls().size());

    dispatcher.deregister(leaving);
    oneOfEach();
    assertEquals(4, leaves.calls().size());
    assertEquals(8, stays.calls().size());
    assertEquals(1, leaves.closes.get());
  }

  @Test
  void aBatchFilledBeforeDeregistrationIsNotDeliveredToTheRemovedListener() {
    Recorder leaves = new Recorder();
    var leaving = config(leaves, false, true);
    dispatcher.register(leaving);
    dispatcher.register(config(new Recorder(), false, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("k", "v");
    dispatcher.deregister(leaving);
    batch.dispatch();
    assertTrue(leaves.calls().isEmpty());
  }

  @Test
  void dispatchAfterCloseDeliversNothing() {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, false, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("k", "v");
    dispatcher.close();
    batch.dispatch();
    oneOfEach();
    assertTrue(recorder.calls().isEmpty());
  }

  @Test
  void listenersMayChangeRegistrationsWhileBeingNotified() {
    Recorder late = new Recorder();
    var lateConfiguration = config(late, false, true);
    class Registering extends Recorder {
      @Override
      public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
        super.onCreated(events);
        if (calls().size() == 1) {
          dispatcher.register(lateConfiguration);
        } else {
          dispatcher.deregister(lateConfiguration);
        }
      }
    }
    Registering registering = new Registering();
    dispatcher.register(config(registering, false, true));

    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("k1", "v");
    batch.dispatch();
    assertEquals(1, registering.calls().size());
    assertTrue(late.calls().isEmpty(), "registered during the dispatch: not part of it");

    batch.created("k2", "v");
    batch.dispatch();
    assertEquals(2, registering.calls().size());
    assertTrue(late.calls().isEmpty(), "deregistered (and closed) before its turn");
    assertEquals(1, late.closes.get());
    assertEquals(1, dispatcher.configurations().size());
  }
}
