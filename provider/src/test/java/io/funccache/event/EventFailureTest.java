package io.funccache.event;

import static io.funccache.event.Fixtures.NO_EXECUTOR;
import static io.funccache.event.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.event.Fixtures.Recorder;
import java.io.IOError;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import org.junit.jupiter.api.Test;

class EventFailureTest {
  private final EventDispatcher<String, String> dispatcher =
      new EventDispatcher<>(Fixtures.fakeCache("c"), NO_EXECUTOR);

  private void create(String key) {
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created(key, "v");
    batch.dispatch();
  }

  @Test
  void aRuntimeExceptionIsWrappedInACacheEntryListenerException() {
    UnsupportedOperationException broken = new UnsupportedOperationException("broken");
    dispatcher.register(config(
        (CacheEntryUpdatedListener<String, String>) events -> {
          throw broken;
        }, false, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.updated("k", "o", "n");
    CacheEntryListenerException thrown =
        assertThrows(CacheEntryListenerException.class, batch::dispatch);
    assertSame(broken, thrown.getCause());
  }

  @Test
  void aCacheEntryListenerExceptionPassesAsItIs() {
    CacheEntryListenerException broken = new CacheEntryListenerException("I broke");
    dispatcher.register(config(
        (CacheEntryCreatedListener<String, String>) events -> {
          throw broken;
        }, false, true));
    assertSame(broken, assertThrows(CacheEntryListenerException.class, () -> create("k")));
  }

  @Test
  void anErrorPropagatesUnwrapped() {
    IOError broken = new IOError(null);
    dispatcher.register(config(
        (CacheEntryRemovedListener<String, String>) events -> {
          throw broken;
        }, false, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.removed("k", "v");
    assertSame(broken, assertThrows(IOError.class, batch::dispatch));
  }

  @Test
  void aFailingFilterIsReportedLikeAFailingListener() {
    Recorder recorder = new Recorder();
    IllegalStateException broken = new IllegalStateException("filter broke");
    dispatcher.register(config(recorder, event -> {
      throw broken;
    }, false, true));
    CacheEntryListenerException thrown =
        assertThrows(CacheEntryListenerException.class, () -> create("k"));
    assertSame(broken, thrown.getCause());
    assertTrue(recorder.calls().isEmpty());
  }

  @Test
  void theOtherRegistrationsAreNotifiedBeforeTheFirstFailureIsThrown() {
    Recorder before = new Recorder();
    Recorder after = new Recorder();
    IllegalArgumentException first = new IllegalArgumentException("first");
    IllegalStateException second = new IllegalStateException("second");
    dispatcher.register(config(before, false, true));
    dispatcher.register(config(
        (CacheEntryCreatedListener<String, String>) events -> {
          throw first;
        }, false, true));
    dispatcher.register(config(
        (CacheEntryCreatedListener<String, String>) events -> {
          throw second;
        }, false, true));
    dispatcher.register(config(after, false, true));

    CacheEntryListenerException thrown =
        assertThrows(CacheEntryListenerException.class, () -> create("k"));
    assertSame(first, thrown.getCause());
    assertArrayEquals(new Throwable[] {second}, thrown.getSuppressed());
    assertEquals(1, before.calls().size());
    assertEquals(1, after.calls().size());
  }

  @Test
  void aFailingRegistrationGetsNoFurtherEventsOfThatDispatch() {
    Recorder recorder = new Recorder() {
      @Override
      public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
        super.onCreated(events);
        throw new IllegalStateException("broken");
      }
    };
    dispatcher.register(config(recorder, false, true));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created("c", "v");
    batch.removed("r", "v");
    assertThrows(CacheEntryListenerException.class, batch::dispatch);
    assertEquals(1, recorder.calls().size());

    batch.removed("r", "v");
    batch.dispatch();
    assertEquals(2, recorder.calls().size(), "later dispatches still reach it");
  }

  @Test
  void theSameFailureFromTwoListenersIsNotSuppressedInItself() {
    CacheEntryListenerException shared = new CacheEntryListenerException("shared");
    for (int i = 0; i < 2; i++) {
      dispatcher.register(config(
          (CacheEntryCreatedListener<String, String>) events -> {
            throw shared;
          }, false, true));
    }
    assertSame(shared, assertThrows(CacheEntryListenerException.class, () -> create("k")));
    assertEquals(0, shared.getSuppressed().length);
  }
}
