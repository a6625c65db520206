package io.funccache.event;

import static io.funccache.event.Fixtures.NO_EXECUTOR;
import static io.funccache.event.Fixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.event.Fixtures.CreatedOnly;
import io.funccache.event.Fixtures.ExpiredOnly;
import io.funccache.event.Fixtures.PrefixFilter;
import io.funccache.event.Fixtures.Recorder;
import io.funccache.event.Fixtures.RemovedOnly;
import io.funccache.event.Fixtures.UpdatedOnly;
import java.io.Closeable;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.EventType;
import org.junit.jupiter.api.Test;

class EventDispatcherRegistrationTest {
  private final EventDispatcher<String, String> dispatcher =
      new EventDispatcher<>(Fixtures.fakeCache("c"), NO_EXECUTOR);

  @Test
  void constructorRejectsNulls() {
    assertThrows(NullPointerException.class, () -> new EventDispatcher<>(null, NO_EXECUTOR));
    assertThrows(NullPointerException.class,
        () -> new EventDispatcher<>(Fixtures.fakeCache("c"), null));
  }

  @Test
  void configurationsAreTheOriginalObjectsInRegistrationOrder() {
    var first = config(new Recorder(), false, true);
    var second = config(new CreatedOnly(), true, false);
    var third = config(new RemovedOnly(), false, true);
    dispatcher.register(first);
    dispatcher.register(second);
    dispatcher.register(third);

    List<CacheEntryListenerConfiguration<String, String>> configurations =
        dispatcher.configurations();
    assertEquals(3, configurations.size());
    assertSame(first, configurations.get(0));
    assertSame(second, configurations.get(1));
    assertSame(third, configurations.get(2));
    assertThrows(UnsupportedOperationException.class, () -> configurations.add(first));
  }

  @Test
  void theSameConfigurationTwiceIsRejected() {
    var configuration = config(new Recorder(), false, true);
    dispatcher.register(configuration);
    assertThrows(IllegalArgumentException.class, () -> dispatcher.register(configuration));
    assertEquals(1, dispatcher.configurations().size());
  }

  @Test
  void anEqualConfigurationIsRejectedWithoutCreatingAListener() {
    AtomicInteger created = new AtomicInteger();
    Factory<CacheEntryListener<? super String, ? super String>> factory = () -> {
      created.incrementAndGet();
      return new Recorder();
    };
    var configuration = new MutableCacheEntryListenerConfiguration<String, String>(factory, null,
        false, true);
    var equal = new MutableCacheEntryListenerConfiguration<>(configuration);
    assertEquals(configuration, equal);

    dispatcher.register(configuration);
    assertThrows(IllegalArgumentException.class, () -> dispatcher.register(equal));
    assertEquals(1, created.get());
    assertSame(configuration, dispatcher.configurations().get(0));
  }

  @Test
  void nullsAreRejected() {
    assertThrows(NullPointerException.class, () -> dispatcher.register(null));
    assertThrows(NullPointerException.class, () -> dispatcher.deregister(null));
    assertThrows(NullPointerException.class, () -> dispatcher.hasListeners(null));
  }

  @Test
  void aListenerFactoryReturningNullIsRejected() {
    var configuration = new MutableCacheEntryListenerConfiguration<String, String>(
        () -> null, null, false, true);
    assertThrows(NullPointerException.class, () -> dispatcher.register(configuration));
    assertTrue(dispatcher.configurations().isEmpty());
  }

  @Test
  void aFailingFilterFactoryClosesTheListenerItCreated() {
    Recorder listener = new Recorder();
    Factory<CacheEntryEventFilter<? super String, ? super String>> failing = () -> {
      throw new IllegalStateException("no filter");
    };
    var configuration = new MutableCacheEntryListenerConfiguration<String, String>(
        () -> listener, failing, false, true);
    assertThrows(IllegalStateException.class, () -> dispatcher.register(configuration));
    assertEquals(1, listener.closes.get());
    assertTrue(dispatcher.configurations().isEmpty());
  }

  @Test
  void deregisterRemovesAndClosesListenerAndFilter() {
    Recorder listener = new Recorder();
    PrefixFilter filter = new PrefixFilter("");
    var configuration = config(listener, filter, false, true);
    dispatcher.register(configuration);

    dispatcher.deregister(configuration);
    assertTrue(dispatcher.configurations().isEmpty());
    assertEquals(1, listener.closes.get());
    assertEquals(1, filter.closes.get());

    dispatcher.deregister(configuration);
    dispatcher.close();
    assertEquals(1, listener.closes.get());
    assertEquals(1, filter.closes.get());
  }

  @Test
  void deregisterFindsAnEqualConfiguration() {
    var configuration = config(new Recorder(), false, true);
    dispatcher.register(configuration);
    dispatcher.deregister(new MutableCacheEntryListenerConfiguration<>(configuration));
    assertTrue(dispatcher.configurations().isEmpty());
  }

  @Test
  void deregisterOfAnUnknownConfigurationIsANoOp() {
    Recorder listener = new Recorder();
    var registered = config(listener, false, true);
    dispatcher.register(registered);
    dispatcher.deregister(config(new Recorder(), false, true));
    assertEquals(List.of(registered), dispatcher.configurations());
    assertEquals(0, listener.closes.get());
  }

  @Test
  void closeClosesEveryCloseableListenerAndFilterOnce() {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    PrefixFilter filter = new PrefixFilter("a");
    dispatcher.register(config(first, filter, false, true));
    dispatcher.register(config(second, false, false));
    dispatcher.register(config(new CreatedOnly(), false, true));

    dispatcher.close();
    dispatcher.close();
    assertEquals(1, first.closes.get());
    assertEquals(1, second.closes.get());
    assertEquals(1, filter.closes.get());
    assertFalse(dispatcher.hasListeners(EventType.CREATED));
    assertFalse(dispatcher.needsPreviousValues());
  }

  @Test
  void aListenerThatIsAlsoItsFilterIsClosedOnce() {
    class Both extends Recorder implements CacheEntryEventFilter<String, String> {
      @Override
      public boolean evaluate(
          javax.cache.event.CacheEntryEvent<? extends String, ? extends String> event) {
        return true;
      }
    }
    Both both = new Both();
    dispatcher.register(config(both, both, false, true));
    dispatcher.close();
    assertEquals(1, both.closes.get());
  }

  @Test
  void aFailingCloseIsSwallowed() {
    class Failing extends CreatedOnlyCloseable {
      @Override
      public void close() throws java.io.IOException {
        throw new java.io.IOException("socket gone");
      }
    }
    var configuration = config(new Failing(), false, true);
    dispatcher.register(configuration);
    dispatcher.deregister(configuration);
    dispatcher.register(config(new Failing(), false, true));
    dispatcher.close();
  }

  abstract static class CreatedOnlyCloseable implements
      javax.cache.event.CacheEntryCreatedListener<String, String>, Closeable {
    @Override
    public void onCreated(
        Iterable<javax.cache.event.CacheEntryEvent<? extends String, ? extends String>> events) {
    }
  }

  @Test
  void registerAfterCloseIsIllegal() {
    dispatcher.close();
    assertThrows(IllegalStateException.class,
        () -> dispatcher.register(config(new Recorder(), false, true)));
  }

  @Test
  void hasListenersFollowsTheListenerInterfaces() {
    for (EventType type : EventType.values()) {
      assertFalse(dispatcher.hasListeners(type));
    }
    var created = config(new CreatedOnly(), false, true);
    dispatcher.register(created);
    assertTrue(dispatcher.hasListeners(EventType.CREATED));
    assertFalse(dispatcher.hasListeners(EventType.UPDATED));
    assertFalse(dispatcher.hasListeners(EventType.REMOVED));
    assertFalse(dispatcher.hasListeners(EventType.EXPIRED));

    var expired = config(new ExpiredOnly(), false, false);
    dispatcher.register(expired);
    assertTrue(dispatcher.hasListeners(EventType.EXPIRED));
    assertFalse(dispatcher.hasListeners(EventType.REMOVED));

    dispatcher.deregister(created);
    assertFalse(dispatcher.hasListeners(EventType.CREATED));
    assertTrue(dispatcher.hasListeners(EventType.EXPIRED));

    dispatcher.register(config(new Recorder(), false, true));
    for (EventType type : EventType.values()) {
      assertTrue(dispatcher.hasListeners(type));
    }
  }

  @Test
  void previousValuesAreNeededForRemovedExpiredAndOldValueUpdatedListeners() {
    assertFalse(dispatcher.needsPreviousValues());

    dispatcher.register(config(new CreatedOnly(), true, true));
    assertFalse(dispatcher.needsPreviousValues());

    var updatedWithoutOld = config(new UpdatedOnly(), false, true);
    dispatcher.register(updatedWithoutOld);
    assertFalse(dispatcher.needsPreviousValues());

    var updatedWithOld = config(new UpdatedOnly(), true, true);
    dispatcher.register(updatedWithOld);
    assertTrue(dispatcher.needsPreviousValues());
    dispatcher.deregister(updatedWithOld);
    assertFalse(dispatcher.needsPreviousValues());

    var removed = config(new RemovedOnly(), false, true);
    dispatcher.register(removed);
    assertTrue(dispatcher.needsPreviousValues());
    dispatcher.deregister(removed);
    assertFalse(dispatcher.needsPreviousValues());

    dispatcher.register(config(new ExpiredOnly(), false, false));
    assertTrue(dispatcher.needsPreviousValues());
  }
}
