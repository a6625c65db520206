package io.funccache.cache;

import io.funccache.OnDecodeFailure;
import io.funccache.codec.CodecException;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.management.CacheStatistics;
import io.funccache.store.ShardedStore;
import io.funccache.store.StoreReplies.RemoveOutcome;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one cache's reads do with bytes in Redis they cannot decode ({@link OnDecodeFailure}).
 * With THROW the failure goes to the caller. With MISS the read goes on as if the entry were
 * missing: the entry is dropped if it still holds the same bytes (a compare-and-remove, so a value
 * written meanwhile stays), counted, and the first failure of each cause is logged as a warning.
 */
final class DecodeFailures {
  private static final System.Logger LOG = System.getLogger(DecodeFailures.class.getName());
  /** Causes remembered per cache; past that, failures of new causes are logged at DEBUG only. */
  static final int MAX_WARNED_CAUSES = 100;

  private final String cacheName;
  private final OnDecodeFailure action;
  private final ShardedStore store;
  private final CacheStatistics statistics;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  DecodeFailures(String cacheName, OnDecodeFailure action, ShardedStore store,
      CacheStatistics statistics) {
    this.cacheName = cacheName;
    this.action = action;
    this.store = store;
    this.statistics = statistics;
  }

  /**
   * A value or key could not be decoded; {@code cause} names what it failed on (a class, or the
   * kind of corruption). Throws {@code failure} with THROW; with MISS returns normally, having
   * dropped the entry {@code id} if it still holds {@code valueBytes}, when {@code id} is given
   * (null for bytes an operation only saw in passing: a replaced value, an event's value).
   */
  void handle(CodecException failure, String cause, byte[] id, byte[] valueBytes) {
    if (action == OnDecodeFailure.THROW) {
      throw failure;
    }
    if (id != null) {
      drop(id, valueBytes);
    }
    warnOnce(failure, cause);
  }

  private void drop(byte[] id, byte[] valueBytes) {
    try {
      if (store.remove(id, valueBytes, ExpiryCodes.KEEP, false).outcome()
          == RemoveOutcome.REMOVED) {
        statistics.recordUndecodable();
      }
    } catch (RuntimeException e) {
      // The read itself succeeded: it still answers a miss, and the next read tries again.
      LOG.log(System.Logger.Level.WARNING, "Cache '" + cacheName
          + "': could not drop an undecodable entry from Redis", e);
    }
  }

  private void warnOnce(CodecException failure, String cause) {
    boolean first = warned.size() < MAX_WARNED_CAUSES && warned.add(cause);
    if (first) {
      LOG.log(System.Logger.Level.WARNING, failure.getMessage() + ". onDecodeFailure is miss:"
          + " the cache treats such an entry as missing and drops it from Redis. Further entries"
          + " of cache '" + cacheName + "' failing on " + cause + " are dropped without another"
          + " warning (counted in RedisCache.statistics().getUndecodableEntries()); set"
          + " onDecodeFailure: throw to make such reads fail instead.");
    } else if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
      LOG.log(System.Logger.Level.DEBUG, "Cache '" + cacheName + "': dropped another entry"
          + " failing on " + cause, failure);
    }
  }
}
