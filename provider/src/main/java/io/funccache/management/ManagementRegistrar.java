package io.funccache.management;

import java.lang.management.ManagementFactory;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBean server under the names the specification
 * gives: {@code javax.cache:type=CacheStatistics|CacheConfiguration,CacheManager=<uri>,Cache=<name>}.
 * These are the names Micrometer's {@code JCacheMetrics} (Spring Boot Actuator's cache metrics)
 * looks up, for any URI and cache name free of the characters {@link #safe} replaces.
 *
 * <p>Two managers of one URI in one JVM (two class loaders) give their caches the same names: the
 * first cache registered keeps the name, and only the cache that registered a bean unregisters it.
 */
public final class ManagementRegistrar {
  /** Which of the two beans. */
  public enum Kind {
    STATISTICS("CacheStatistics"),
    CONFIGURATION("CacheConfiguration");

    private final String type;

    Kind(String type) {
      this.type = type;
    }
  }

  /** Which cache registered each bean that this class registered. */
  private static final ConcurrentMap<ObjectName, Cache<?, ?>> OWNERS = new ConcurrentHashMap<>();

  private ManagementRegistrar() {}

  /** Registers {@code bean}; registering an already registered bean again changes nothing. */
  public static void register(Cache<?, ?> cache, Kind kind, Object bean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = nameOf(cache, kind);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
        OWNERS.put(name, cache);
      }
    } catch (InstanceAlreadyExistsException e) {
      // Registered concurrently: the bean is there, which is what was asked for.
    } catch (Exception e) {
      throw new CacheException("Cache '" + cache.getName() + "': cannot register MXBean " + name,
          e);
    }
  }

  public static void unregister(Cache<?, ?> cache, Kind kind) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = nameOf(cache, kind);
    if (!OWNERS.remove(name, cache)) {
      return; // not registered, or registered by another manager's cache of the same name
    }
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // Unregistered concurrently.
    } catch (Exception e) {
      throw new CacheException("Cache '" + cache.getName() + "': cannot unregister MXBean "
          + name, e);
    }
  }

  static ObjectName nameOf(Cache<?, ?> cache, Kind kind) {
    String manager = safe(cache.getCacheManager().getURI().toString());
    try {
      return new ObjectName("javax.cache:type=" + kind.type + ",CacheManager=" + manager
          + ",Cache=" + safe(cache.getName()));
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Cache '" + cache.getName() + "': no valid MXBean name", e);
    }
  }

  /**
   * ObjectName values may not hold these characters unquoted; the TCK expects {@code , : = \n} as
   * dots (as Micrometer does ':'), and {@code ? *} would make the name a pattern, which cannot be
   * registered (a URI's query string).
   */
  private static String safe(String text) {
    return text.replaceAll("[,:=\n?*]", ".");
  }
}
