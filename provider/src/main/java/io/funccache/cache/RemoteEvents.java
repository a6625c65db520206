package io.funccache.cache;

import io.funccache.event.EventDispatcher;
import io.funccache.store.ShardedStore;
import io.funccache.store.EventChannel;
import io.funccache.store.EventChannel.Change;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Brings other JVMs' changes to this JVM's listeners and near cache of one cache. While any
 * listener is registered here, or the cache has a near cache, the cache's channel is subscribed and a heartbeat keeps the scripts publishing;
 * when the last one goes, both stop (other JVMs stop publishing when the heartbeat lapses).
 * Delivery is asynchronous, in publication order; this JVM's own changes are skipped, since its
 * listeners heard of them already.
 */
final class RemoteEvents<K, V> {
  static final long LISTEN_MILLIS = 30_000;
  static final long HEARTBEAT_MILLIS = 10_000;
  private static final System.Logger LOG = System.getLogger(RemoteEvents.class.getName());

  private final String cacheName;
  private final ShardedStore store;
  private final List<EventChannel> channels;
  private final EntryCodec<K, V> codec;
  private final EventDispatcher<K, V> events;
  private final CacheRuntime runtime;
  private ScheduledFuture<?> heartbeat;

  RemoteEvents(String cacheName, ShardedStore store, List<EventChannel> channels,
      EntryCodec<K, V> codec, EventDispatcher<K, V> events, CacheRuntime runtime) {
    this.cacheName = cacheName;
    this.store = store;
    this.channels = channels;
    this.codec = codec;
    this.events = events;
    this.runtime = runtime;
  }

  /** Follows the registrations: listening while there is any listener, or a near cache. */
  synchronized void update() {
    boolean wanted = events.hasRegistrations() || store.hasNearCache();
    if (wanted && heartbeat == null) {
      for (EventChannel channel : channels) {
        channel.subscribe(this::onChange, e -> LOG.log(System.Logger.Level.WARNING,
            "Cache '" + cacheName + "': ignored a malformed event message", e));
      }
      store.listen(LISTEN_MILLIS);
      heartbeat = runtime.scheduler().scheduleAtFixedRate(this::beat, HEARTBEAT_MILLIS,
          HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
    } else if (!wanted && heartbeat != null) {
      stop();
    }
  }

  synchronized void stop() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
      heartbeat = null;
      channels.forEach(EventChannel::unsubscribe);
    }
  }

  private void beat() {
    try {
      store.listen(LISTEN_MILLIS);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Cache '" + cacheName
          + "': could not renew the subscription to other JVMs' changes", e);
    }
  }

  private void onChange(Change change) {
    if (change.origin().equals(store.origin())) {
      return;
    }
    // Invalidate at once, in the subscriber's thread: the staleness window is only pub/sub's.
    store.invalidateNear(change.id());
    if (change.kind() != 'Z' && events.hasRegistrations()) {
      runtime.remoteDelivery().execute(() -> deliver(change));
    }
  }

  private void deliver(Change change) {
    try {
      // What cannot be decoded (onDecodeFailure: miss) is null: such a change is not delivered.
      K key = codec.decodeKey(change.id());
      V value = key == null || change.value() == null ? null
          : codec.decodeValue(change.value(), key);
      if (key == null || (change.kind() == 'C' || change.kind() == 'U') && value == null) {
        return;
      }
      EventDispatcher.Batch<K, V> batch = events.batch();
      switch (change.kind()) {
        case 'C' -> batch.created(key, value);
        case 'U' -> batch.updated(key, codec.decodeValue(change.old(), key), value);
        case 'R' -> batch.removed(key, codec.decodeValue(change.old(), key));
        case 'X' -> batch.expired(key, codec.decodeValue(change.old(), key));
        default -> throw new IllegalArgumentException("unknown change kind " + change.kind());
      }
      batch.dispatch();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Cache '" + cacheName
          + "': a change from another JVM could not be delivered to listeners", e);
    }
  }
}
