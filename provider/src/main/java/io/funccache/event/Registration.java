package io.funccache.event;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/** One registered listener configuration: the listener and filter created from its factories. */
final class Registration<K, V> {
  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

  private final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final boolean oldValueRequired;
  private final boolean synchronous;
  /** Bit {@code 1 << type.ordinal()} for each event type whose listener interface is implemented. */
  private final int typeMask;
  /** Serial delivery for an asynchronous registration; null for a synchronous one. */
  private final SerialQueue queue;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Registration(CacheEntryListenerConfiguration<K, V> configuration,
      CacheEntryListener<? super K, ? super V> listener,
      CacheEntryEventFilter<? super K, ? super V> filter, Executor asyncExecutor) {
    this.configuration = configuration;
    this.listener = listener;
    this.filter = filter;
    this.oldValueRequired = configuration.isOldValueRequired();
    this.synchronous = configuration.isSynchronous();
    this.typeMask = typesOf(listener);
    this.queue = synchronous ? null : new SerialQueue(asyncExecutor);
  }

  /** Creates the listener, then the filter, from the configuration's factories. */
  static <K, V> Registration<K, V> create(CacheEntryListenerConfiguration<K, V> configuration,
      Executor asyncExecutor) {
    Factory<CacheEntryListener<? super K, ? super V>> listenerFactory = Objects.requireNonNull(
        configuration.getCacheEntryListenerFactory(), "cache entry listener factory");
    CacheEntryListener<? super K, ? super V> listener = Objects.requireNonNull(
        listenerFactory.create(), "the cache entry listener factory returned null");
    CacheEntryEventFilter<? super K, ? super V> filter = null;
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    if (filterFactory != null) {
      try {
        filter = filterFactory.create();
      } catch (RuntimeException | Error e) {
        closeQuietly(listener);
        throw e;
      }
    }
    return new Registration<>(configuration, listener, filter, asyncExecutor);
  }

  static int bit(EventType type) {
    return 1 << type.ordinal();
  }

  private static int typesOf(CacheEntryListener<?, ?> listener) {
    int mask = 0;
    if (listener instanceof CacheEntryCreatedListener) {
      mask |= bit(EventType.CREATED);
    }
    if (listener instanceof CacheEntryUpdatedListener) {
      mask |= bit(EventType.UPDATED);
    }
    if (listener instanceof CacheEntryRemovedListener) {
      mask |= bit(EventType.REMOVED);
    }
    if (listener instanceof CacheEntryExpiredListener) {
      mask |= bit(EventType.EXPIRED);
    }
    return mask;
  }

  CacheEntryListenerConfiguration<K, V> configuration() {
    return configuration;
  }

  boolean isSynchronous() {
    return synchronous;
  }

  int typeMask() {
    return typeMask;
  }

  /** Whether the events of this registration show values that only a read of Redis can supply. */
  boolean needsPreviousValues() {
    return (typeMask & (bit(EventType.REMOVED) | bit(EventType.EXPIRED))) != 0
        || (oldValueRequired && (typeMask & bit(EventType.UPDATED)) != 0);
  }

  boolean acceptsAny(int batchTypes) {
    return (typeMask & batchTypes) != 0;
  }

  /** Queues an asynchronous delivery; only for asynchronous registrations. */
  void submit(Runnable delivery) {
    queue.submit(delivery);
  }

  /**
   * Filters and delivers the runs this listener wants, one listener call per run. Throws whatever
   * the filter or the listener throws, stopping this registration's delivery there. Does nothing
   * once the registration is closed.
   */
  void deliver(Cache<K, V> source, List<Run<K, V>> runs) {
    for (Run<K, V> run : runs) {
      if (closed.get()) {
        return;
      }
      EventType type = run.type();
      if ((typeMask & bit(type)) == 0) {
        continue;
      }
      List<CacheEntryEvent<? extends K, ? extends V>> events = new ArrayList<>(run.changes().size());
      for (Change<K, V> change : run.changes()) {
        CacheEvent<K, V> event = CacheEvent.of(source, type, change.key(), change.newValue(),
            change.previous(), oldValueRequired);
        if (filter == null || filter.evaluate(event)) {
          events.add(event);
        }
      }
      if (!events.isEmpty()) {
        notify(type, Collections.unmodifiableList(events));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void notify(EventType type, List<CacheEntryEvent<? extends K, ? extends V>> events) {
    switch (type) {
      case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
      case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
      case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
      case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
      default -> throw new IllegalArgumentException("Unknown event type " + type);
    }
  }

  /** Closes the listener and the filter if they are {@link Closeable}; only the first call acts. */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closeQuietly(listener);
    if (filter != null && filter != (Object) listener) {
      closeQuietly(filter);
    }
  }

  String describe() {
    return listener.getClass().getName();
  }

  private static void closeQuietly(Object resource) {
    if (resource instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "Closing cache entry listener resource "
            + resource.getClass().getName() + " failed", e);
      }
    }
  }
}
