package io.funccache.event;

import java.io.Closeable;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/** Plain listener objects, a fake cache and executors for the event tests. */
final class Fixtures {
  private Fixtures() {
  }

  /** A cache whose only working methods are getName, equals, hashCode and toString. */
  @SuppressWarnings("unchecked")
  static Cache<String, String> fakeCache(String name) {
    return (Cache<String, String>) Proxy.newProxyInstance(Fixtures.class.getClassLoader(),
        new Class<?>[] {Cache.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getName" -> name;
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          case "toString" -> "FakeCache[" + name + "]";
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }

  static MutableCacheEntryListenerConfiguration<String, String> config(
      CacheEntryListener<String, String> listener, boolean oldValueRequired, boolean synchronous) {
    return config(listener, null, oldValueRequired, synchronous);
  }

  static MutableCacheEntryListenerConfiguration<String, String> config(
      CacheEntryListener<String, String> listener, CacheEntryEventFilter<String, String> filter,
      boolean oldValueRequired, boolean synchronous) {
    Factory<CacheEntryListener<? super String, ? super String>> listenerFactory = () -> listener;
    Factory<CacheEntryEventFilter<? super String, ? super String>> filterFactory =
        filter == null ? null : () -> filter;
    return new MutableCacheEntryListenerConfiguration<>(listenerFactory, filterFactory,
        oldValueRequired, synchronous);
  }

  /** One listener call as it was received. */
  record Call(EventType type, List<CacheEntryEvent<? extends String, ? extends String>> events,
      Thread thread) {
    List<String> keys() {
      List<String> keys = new ArrayList<>();
      for (CacheEntryEvent<? extends String, ? extends String> event : events) {
        keys.add(event.getKey());
      }
      return keys;
    }
  }

  /** Records every call of every listener interface; closeable, counting its closes. */
  static class Recorder implements CacheEntryCreatedListener<String, String>,
      CacheEntryUpdatedListener<String, String>, CacheEntryRemovedListener<String, String>,
      CacheEntryExpiredListener<String, String>, Closeable {
    final List<Call> calls = new ArrayList<>();
    final AtomicInteger closes = new AtomicInteger();

    synchronized List<Call> calls() {
      return new ArrayList<>(calls);
    }

    synchronized List<CacheEntryEvent<? extends String, ? extends String>> events() {
      List<CacheEntryEvent<? extends String, ? extends String>> all = new ArrayList<>();
      for (Call call : calls) {
        all.addAll(call.events());
      }
      return all;
    }

    synchronized void record(EventType type,
        Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      List<CacheEntryEvent<? extends String, ? extends String>> copy = new ArrayList<>();
      events.forEach(copy::add);
      calls.add(new Call(type, copy, Thread.currentThread()));
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(EventType.CREATED, events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(EventType.UPDATED, events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(EventType.REMOVED, events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(EventType.EXPIRED, events);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /** Only CREATED events, and not closeable. */
  static final class CreatedOnly implements CacheEntryCreatedListener<String, String> {
    final List<CacheEntryEvent<? extends String, ? extends String>> events = new ArrayList<>();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(this.events::add);
    }
  }

  static final class UpdatedOnly implements CacheEntryUpdatedListener<String, String> {
    final List<CacheEntryEvent<? extends String, ? extends String>> events = new ArrayList<>();

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(this.events::add);
    }
  }

  static final class RemovedOnly implements CacheEntryRemovedListener<String, String> {
    final List<CacheEntryEvent<? extends String, ? extends String>> events = new ArrayList<>();

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(this.events::add);
    }
  }

  static final class ExpiredOnly implements CacheEntryExpiredListener<String, String> {
    final List<CacheEntryEvent<? extends String, ? extends String>> events = new ArrayList<>();

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(this.events::add);
    }
  }

  /** A closeable filter passing the keys that start with a prefix; counts closes. */
  static final class PrefixFilter implements CacheEntryEventFilter<String, String>, Closeable {
    final String prefix;
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger evaluations = new AtomicInteger();

    PrefixFilter(String prefix) {
      this.prefix = prefix;
    }

    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
      evaluations.incrementAndGet();
      return event.getKey().startsWith(prefix);
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /** Holds tasks until the test runs them. */
  static final class ManualExecutor implements Executor {
    private final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized int pending() {
      return tasks.size();
    }

    /** Runs tasks, including those they schedule, until none is left. */
    void runAll() {
      while (true) {
        Runnable task;
        synchronized (this) {
          if (tasks.isEmpty()) {
            return;
          }
          task = tasks.remove(0);
        }
        task.run();
      }
    }
  }

  /** An executor that must not be used. */
  static final Executor NO_EXECUTOR = task -> {
    throw new AssertionError("unexpected asynchronous task");
  };
}
