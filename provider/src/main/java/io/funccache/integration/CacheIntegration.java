package io.funccache.integration;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A cache's {@link CacheLoader} and {@link CacheWriter}, with the specification's exception
 * translation. Loaders run in the caller's JVM; what they load is stored without write-through.
 */
public final class CacheIntegration<K, V> {
  private final String cacheName;
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final boolean readThrough;
  private final boolean writeThrough;

  @SuppressWarnings("unchecked")
  public CacheIntegration(String cacheName, CacheLoader<K, V> loader,
      CacheWriter<? super K, ? super V> writer, boolean readThrough, boolean writeThrough) {
    this.cacheName = cacheName;
    this.loader = loader;
    // A writer of supertypes accepts our keys and values; the cast only narrows what it may see.
    this.writer = (CacheWriter<K, V>) writer;
    this.readThrough = readThrough;
    this.writeThrough = writeThrough;
  }

  /** Whether misses on get, getAll and invoke load through the loader. */
  public boolean readsThrough() {
    return readThrough && loader != null;
  }

  public boolean writesThrough() {
    return writeThrough && writer != null;
  }

  public boolean hasLoader() {
    return loader != null;
  }

  public V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("Cache '" + cacheName + "': the loader failed for " + key, e);
    }
  }

  /** The loaded values, without the keys the loader returned null for. */
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("Cache '" + cacheName + "': the loader failed", e);
    }
    Map<K, V> present = new HashMap<>();
    if (loaded != null) {
      loaded.forEach((k, v) -> {
        if (k != null && v != null) {
          present.put(k, v);
        }
      });
    }
    return present;
  }

  public void write(Cache.Entry<K, V> entry) {
    try {
      writer.write(entry);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("Cache '" + cacheName + "': the writer failed for "
          + entry.getKey(), e);
    }
  }

  public void delete(K key) {
    try {
      writer.delete(key);
    } catch (CacheWriterException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheWriterException("Cache '" + cacheName + "': the writer failed to delete "
          + key, e);
    }
  }

  /**
   * Writes a batch. The writer removes what it wrote from the collection it is given; what it
   * wrote is returned, and a failure is handed back rather than thrown so that the cache can
   * apply exactly the written part first.
   */
  public BatchResult<Cache.Entry<K, V>> writeAll(List<Cache.Entry<K, V>> entries) {
    List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>(entries);
    try {
      writer.writeAll(pending);
      return new BatchResult<>(entries, null);
    } catch (RuntimeException e) {
      List<Cache.Entry<K, V>> written = new ArrayList<>(entries);
      written.removeAll(pending);
      return new BatchResult<>(written, wrap(e));
    }
  }

  public BatchResult<K> deleteAll(Collection<K> keys) {
    List<Object> pending = new ArrayList<>(keys);
    try {
      writer.deleteAll(pending);
      return new BatchResult<>(new ArrayList<>(keys), null);
    } catch (RuntimeException e) {
      List<K> deleted = new ArrayList<>(keys);
      deleted.removeAll(pending);
      return new BatchResult<>(deleted, wrap(e));
    }
  }

  private CacheWriterException wrap(RuntimeException e) {
    return e instanceof CacheWriterException w ? w
        : new CacheWriterException("Cache '" + cacheName + "': the writer failed", e);
  }

  /** Closes the loader and writer when they are {@link Closeable}. */
  public void close() {
    closeQuietly(loader);
    if (writer != loader) {
      closeQuietly(writer);
    }
  }

  /** Closes {@code o} if it is {@link Closeable}; a failure is logged, never thrown. */
  public static void closeQuietly(Object o) {
    if (o instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException | RuntimeException e) {
        System.getLogger(CacheIntegration.class.getName()).log(System.Logger.Level.WARNING,
            "closing " + o + " failed", e);
      }
    }
  }

  /** What part of a batch the writer completed, and its failure if any. */
  public record BatchResult<T>(List<T> done, CacheWriterException failure) {}
}
