package io.funccache.management;

import java.lang.management.ManagementFactory;
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

  private ManagementRegistrar() {}

  /** Registers {@code bean}; registering an already registered bean again changes nothing. */
  public static void register(Cache<?, ?> cache, Kind kind, Object bean) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    ObjectName name = nameOf(cache, kind);
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
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

  /** ObjectName values may not hold these characters unquoted; the TCK expects them as dots. */
  private static String safe(String text) {
    return text.replaceAll("[,:=\n]", ".");
  }
}
