package io.funccache.event;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * The cache entry listeners of one cache (JSR-107 chapter 8) and the delivery of their events.
 *
 * <p>Each cache operation collects its changes in a {@link Batch} and calls {@link Batch#dispatch()}
 * once. For every registration, the changes of each event type the listener implements go through
 * the registration's filter and reach the listener in one {@code onCreated/onUpdated/onRemoved/
 * onExpired} call, in the order they were recorded. Types are delivered in the order of their first
 * change; should one key change twice in a batch, the batch is split there so that a listener never
 * sees a key's events out of order.
 *
 * <p>Synchronous registrations are notified in the calling thread before {@code dispatch()}
 * returns. When any of them fails, the others are still notified, then the first failure is thrown:
 * an {@link Error} or a {@link CacheEntryListenerException} as it is, anything else wrapped in a
 * {@code CacheEntryListenerException}; later failures are attached as suppressed exceptions. A
 * failing registration gets no further events of that dispatch.
 *
 * <p>Asynchronous registrations are notified on the executor, each through its own serial queue,
 * so that one listener sees the events in dispatch order; their failures are logged and never
 * reach the caller.
 *
 * <p>Registrations can change at any time, dispatches in progress then keep the registrations
 * they started with (a deregistered, hence closed, listener gets no further calls from them).
 * Instances are thread-safe; a {@code Batch} belongs to the thread of one operation.
 */
public final class EventDispatcher<K, V> {
  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

  private final Cache<K, V> source;
  private final Executor asyncExecutor;
  private final Object lock = new Object();
  private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();
  /** Bits {@code 1 << EventType.ordinal()} of the types some registered listener receives. */
  private volatile int typeMask;
  private volatile boolean previousValuesNeeded;
  private volatile boolean closed;

  public EventDispatcher(Cache<K, V> source, Executor asyncExecutor) {
    this.source = Objects.requireNonNull(source, "source");
    this.asyncExecutor = Objects.requireNonNull(asyncExecutor, "asyncExecutor");
  }

  /**
   * Creates the listener and filter from the configuration's factories and starts delivering
   * events to them.
   *
   * @throws IllegalArgumentException if an equal configuration is already registered
   * @throws NullPointerException if the configuration or its listener factory is null, or the
   *     listener factory returns null
   * @throws IllegalStateException once the dispatcher is closed
   */
  public void register(CacheEntryListenerConfiguration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("The cache is closed");
      }
      if (indexOf(configuration) >= 0) {
        throw new IllegalArgumentException(
            "This cache entry listener configuration is already registered: " + configuration);
      }
      registrations.add(Registration.create(configuration, asyncExecutor));
      refresh();
    }
  }

  /**
   * Stops delivering events to the registration of an equal configuration and closes its
   * listener and filter if they are {@link java.io.Closeable}. Unknown configuration: no-op.
   *
   * @throws NullPointerException if the configuration is null
   */
  public void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    Registration<K, V> removed;
    synchronized (lock) {
      int index = indexOf(configuration);
      if (index < 0) {
        return;
      }
      removed = registrations.remove(index);
      refresh();
    }
    removed.close();
  }

  /** The registered configurations, the original objects, in registration order. */
  public List<CacheEntryListenerConfiguration<K, V>> configurations() {
    List<CacheEntryListenerConfiguration<K, V>> result = new ArrayList<>();
    for (Registration<K, V> registration : registrations) {
      result.add(registration.configuration());
    }
    return Collections.unmodifiableList(result);
  }

  /** Whether some registered listener receives events of this type. */
  /** Whether any listener is registered, whatever it listens for. */
  public boolean hasRegistrations() {
    return !registrations.isEmpty();
  }

  public boolean hasListeners(EventType type) {
    return (typeMask & Registration.bit(Objects.requireNonNull(type, "type"))) != 0;
  }

  /**
   * Whether events need the values entries had before the operation: true when some registered
   * listener receives REMOVED or EXPIRED events, or UPDATED events with {@code oldValueRequired}.
   * (An UPDATED event without {@code oldValueRequired} shows no old value, so it needs none.)
   */
  public boolean needsPreviousValues() {
    return previousValuesNeeded;
  }

  /** A new, empty batch for the events of one cache operation. */
  public Batch<K, V> batch() {
    return new ChangeBatch();
  }

  /**
   * Closes every {@link java.io.Closeable} listener and filter, each once; later dispatches
   * deliver nothing, and pending asynchronous deliveries are dropped. Idempotent.
   */
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      typeMask = 0;
      previousValuesNeeded = false;
    }
    for (Registration<K, V> registration : registrations) {
      registration.close();
    }
  }

  private int indexOf(CacheEntryListenerConfiguration<K, V> configuration) {
    for (int i = 0; i < registrations.size(); i++) {
      if (registrations.get(i).configuration().equals(configuration)) {
        return i;
      }
    }
    return -1;
  }

  /** Recomputes the summary flags; called under the lock. */
  private void refresh() {
    int mask = 0;
    boolean previous = false;
    for (Registration<K, V> registration : registrations) {
      mask |= registration.typeMask();
      previous |= registration.needsPreviousValues();
    }
    typeMask = mask;
    previousValuesNeeded = previous;
  }

  private void dispatch(List<Change<K, V>> changes) {
    if (closed || changes.isEmpty()) {
      return;
    }
    List<Run<K, V>> runs = runsOf(changes);
    int batchTypes = 0;
    for (Change<K, V> change : changes) {
      batchTypes |= Registration.bit(change.type());
    }
    Throwable failure = null;
    for (Registration<K, V> registration : registrations) {
      if (!registration.acceptsAny(batchTypes)) {
        continue;
      }
      if (registration.isSynchronous()) {
        try {
          registration.deliver(source, runs);
        } catch (Throwable t) {
          failure = combine(failure, t, registration);
        }
      } else {
        registration.submit(() -> deliverAsync(registration, runs));
      }
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      throw (CacheEntryListenerException) failure;
    }
  }

  private void deliverAsync(Registration<K, V> registration, List<Run<K, V>> runs) {
    try {
      registration.deliver(source, runs);
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "Asynchronous cache entry listener " + registration.describe()
          + " of cache " + cacheName() + " failed", t);
    }
  }

  /** The exception to throw for the first failure, with later ones attached as suppressed. */
  private Throwable combine(Throwable first, Throwable next, Registration<K, V> registration) {
    if (first == null) {
      if (next instanceof Error || next instanceof CacheEntryListenerException) {
        return next;
      }
      return new CacheEntryListenerException("Cache entry listener " + registration.describe()
          + " of cache " + cacheName() + " failed: " + next, next);
    }
    if (first != next) {
      first.addSuppressed(next);
    }
    return first;
  }

  private String cacheName() {
    try {
      return source.getName();
    } catch (RuntimeException e) {
      return "?";
    }
  }

  /**
   * Groups the changes by type, types in the order of their first change, starting a new group
   * whenever a key recurs so that no key's changes are reordered.
   */
  private static <K, V> List<Run<K, V>> runsOf(List<Change<K, V>> changes) {
    if (changes.size() == 1) {
      Change<K, V> change = changes.get(0);
      return List.of(new Run<>(change.type(), List.of(change)));
    }
    List<Run<K, V>> runs = new ArrayList<>();
    Map<EventType, List<Change<K, V>>> group = new LinkedHashMap<>();
    Set<Object> keys = new HashSet<>();
    for (Change<K, V> change : changes) {
      if (!keys.add(change.key())) {
        flush(group, runs);
        keys.clear();
        keys.add(change.key());
      }
      group.computeIfAbsent(change.type(), type -> new ArrayList<>()).add(change);
    }
    flush(group, runs);
    return runs;
  }

  private static <K, V> void flush(Map<EventType, List<Change<K, V>>> group, List<Run<K, V>> runs) {
    for (Map.Entry<EventType, List<Change<K, V>>> entry : group.entrySet()) {
      runs.add(new Run<>(entry.getKey(), Collections.unmodifiableList(entry.getValue())));
    }
    group.clear();
  }

  /**
   * The events of one cache operation. Changes of a type no registered listener receives are not
   * recorded. Not thread-safe: a batch belongs to one operation.
   */
  public interface Batch<K, V> {
    /** An entry was created with {@code value}. */
    void created(K key, V value);

    /**
     * An entry's value was replaced; {@code oldValue} may be null when unknown (then only listeners
     * without {@code oldValueRequired} get a correct event).
     */
    void updated(K key, V oldValue, V newValue);

    /** An entry was removed; {@code oldValue} is its value, or null when unknown. */
    void removed(K key, V oldValue);

    /** An entry was found expired; {@code oldValue} is its value, or null when unknown. */
    void expired(K key, V oldValue);

    boolean isEmpty();

    /**
     * Delivers the recorded events (see {@link EventDispatcher}) and empties the batch.
     *
     * @throws CacheEntryListenerException or an {@link Error} when a synchronous listener or filter
     *     failed
     */
    void dispatch();
  }

  private final class ChangeBatch implements Batch<K, V> {
    // Allocated at the first recorded change: most writes of most caches record none.
    private List<Change<K, V>> changes = List.of();

    @Override
    public void created(K key, V value) {
      add(EventType.CREATED, key, Objects.requireNonNull(value, "value"), null);
    }

    @Override
    public void updated(K key, V oldValue, V newValue) {
      add(EventType.UPDATED, key, Objects.requireNonNull(newValue, "newValue"), oldValue);
    }

    @Override
    public void removed(K key, V oldValue) {
      add(EventType.REMOVED, key, null, oldValue);
    }

    @Override
    public void expired(K key, V oldValue) {
      add(EventType.EXPIRED, key, null, oldValue);
    }

    private void add(EventType type, K key, V newValue, V previous) {
      Objects.requireNonNull(key, "key");
      if ((typeMask & Registration.bit(type)) != 0) {
        if (changes.isEmpty()) {
          changes = new ArrayList<>(2);
        }
        changes.add(new Change<>(type, key, newValue, previous));
      }
    }

    @Override
    public boolean isEmpty() {
      return changes.isEmpty();
    }

    @Override
    public void dispatch() {
      if (changes.isEmpty()) {
        return;
      }
      List<Change<K, V>> recorded = changes;
      changes = List.of();
      EventDispatcher.this.dispatch(recorded);
    }
  }
}
