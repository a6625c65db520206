package io.funccache.event;

import static io.funccache.event.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.event.Fixtures.Call;
import io.funccache.event.Fixtures.ManualExecutor;
import io.funccache.event.Fixtures.Recorder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;

class EventThreadingTest {

  private static void create(EventDispatcher<String, String> dispatcher, String key) {
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.created(key, "v");
    batch.dispatch();
  }

  @Test
  void synchronousListenersRunInTheCallingThreadBeforeDispatchReturns() {
    ManualExecutor executor = new ManualExecutor();
    EventDispatcher<String, String> dispatcher =
        new EventDispatcher<>(Fixtures.fakeCache("c"), executor);
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, false, true));

    create(dispatcher, "k");

    List<Call> calls = recorder.calls();
    assertEquals(1, calls.size());
    assertSame(Thread.currentThread(), calls.get(0).thread());
    assertEquals(0, executor.pending());
  }

  @Test
  void asynchronousListenersRunOnTheExecutor() {
    ManualExecutor executor = new ManualExecutor();
    EventDispatcher<String, String> dispatcher =
        new EventDispatcher<>(Fixtures.fakeCache("c"), executor);
    Recorder async = new Recorder();
    Recorder sync = new Recorder();
    dispatcher.register(config(async, false, false));
    dispatcher.register(config(sync, false, true));

    create(dispatcher, "k1");
    create(dispatcher, "k2");
    assertTrue(async.calls().isEmpty());
    assertEquals(2, sync.calls().size());
    assertEquals(1, executor.pending(), "one drain of the registration's queue at a time");

    executor.runAll();
    List<Call> calls = async.calls();
    assertEquals(2, calls.size());
    assertEquals(List.of("k1"), calls.get(0).keys());
    assertEquals(List.of("k2"), calls.get(1).keys());
  }

  @Test
  void asynchronousListenersRunOnExecutorThreads() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "events"));
    try {
      EventDispatcher<String, String> dispatcher =
          new EventDispatcher<>(Fixtures.fakeCache("c"), executor);
      CountDownLatch delivered = new CountDownLatch(1);
      List<String> threads = new ArrayList<>();
      dispatcher.register(config(
          (javax.cache.event.CacheEntryCreatedListener<String, String>) events -> {
            threads.add(Thread.currentThread().getName());
            delivered.countDown();
          }, false, false));

      create(dispatcher, "k");
      assertTrue(delivered.await(10, TimeUnit.SECONDS));
      assertEquals(List.of("events"), threads);
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void eachAsynchronousListenerSeesItsEventsInDispatchOrder() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      EventDispatcher<String, String> dispatcher =
          new EventDispatcher<>(Fixtures.fakeCache("c"), executor);
      int count = 500;
      List<Recorder> recorders = new ArrayList<>();
      CountDownLatch done = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        Recorder recorder = new Recorder() {
          @Override
          public void onCreated(
              Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
            super.onCreated(events);
            if (calls().size() == count) {
              done.countDown();
            }
          }
        };
        recorders.add(recorder);
        dispatcher.register(config(recorder, false, false));
      }

      for (int i = 0; i < count; i++) {
        create(dispatcher, "k" + i);
      }
      assertTrue(done.await(30, TimeUnit.SECONDS));
      for (Recorder recorder : recorders) {
        List<Call> calls = recorder.calls();
        for (int i = 0; i < count; i++) {
          assertEquals(List.of("k" + i), calls.get(i).keys());
          assertNotSame(Thread.currentThread(), calls.get(i).thread());
        }
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aFailingAsynchronousListenerNeitherReachesTheCallerNorStopsLaterEvents() {
    ManualExecutor executor = new ManualExecutor();
    EventDispatcher<String, String> dispatcher =
        new EventDispatcher<>(Fixtures.fakeCache("c"), executor);
    Recorder failing = new Recorder() {
      @Override
      public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
        super.onCreated(events);
        if (calls().size() == 1) {
          throw new IllegalStateException("listener broke (expected by the test)");
        }
      }
    };
    dispatcher.register(config(failing, false, false));

    create(dispatcher, "k1");
    create(dispatcher, "k2");
    executor.runAll();
    assertEquals(2, failing.calls().size());
  }

  @Test
  void anAsynchronousErrorIsLoggedToo() {
    ManualExecutor executor = new ManualExecutor();
    EventDispatcher<String, String> dispatcher =
        new EventDispatcher<>(Fixtures.fakeCache("c"), executor);
    dispatcher.register(config(
        (javax.cache.event.CacheEntryRemovedListener<String, String>) events -> {
          throw new AssertionError("listener broke (expected by the test)");
        }, false, false));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.removed("k", "v");
    batch.dispatch();
    executor.runAll();
  }

  @Test
  void aRejectingExecutorDoesNotReachTheCaller() {
    EventDispatcher<String, String> dispatcher = new EventDispatcher<>(Fixtures.fakeCache("c"),
        task -> {
          throw new RejectedExecutionException("shut down (expected by the test)");
        });
    Recorder sync = new Recorder();
    dispatcher.register(config(new Recorder(), false, false));
    dispatcher.register(config(sync, false, true));
    create(dispatcher, "k");
    assertEquals(1, sync.calls().size());
  }

  @Test
  void pendingAsynchronousEventsAreDroppedOnceTheListenerIsDeregistered() {
    ManualExecutor executor = new ManualExecutor();
    EventDispatcher<String, String> dispatcher =
        new EventDispatcher<>(Fixtures.fakeCache("c"), executor);
    Recorder recorder = new Recorder();
    var configuration = config(recorder, false, false);
    dispatcher.register(configuration);
    create(dispatcher, "k");
    dispatcher.deregister(configuration);
    executor.runAll();
    assertTrue(recorder.calls().isEmpty());
    assertEquals(1, recorder.closes.get());
  }

  @Test
  void asynchronousEventsKeepTheirTypesAndValues() {
    ManualExecutor executor = new ManualExecutor();
    EventDispatcher<String, String> dispatcher =
        new EventDispatcher<>(Fixtures.fakeCache("c"), executor);
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, true, false));
    EventDispatcher.Batch<String, String> batch = dispatcher.batch();
    batch.updated("u", "old", "new");
    batch.expired("e", "stale");
    batch.dispatch();
    executor.runAll();

    List<Call> calls = recorder.calls();
    assertEquals(EventType.UPDATED, calls.get(0).type());
    assertEquals("old", calls.get(0).events().get(0).getOldValue());
    assertEquals(EventType.EXPIRED, calls.get(1).type());
    assertEquals("stale", calls.get(1).events().get(0).getValue());
  }
}
