package io.funccache.cdi;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Boots Weld SE per test with the extension, the four interceptors and the test's beans, on real
 * Redis through the real provider. Each test gets a Redis namespace of its own (the default
 * manager's URI carries it), and destroys its caches afterwards.
 */
abstract class RedisCdiTest {

  static final String URL_PROPERTY = "funccache.redis.url";

  protected WeldContainer container;
  protected String namespace;
  private String previousUrl;

  /** The bean classes this test deploys. */
  protected abstract Class<?>[] beans();

  @BeforeEach
  void boot() {
    namespace = "funccache-cdi-test-" + UUID.randomUUID();
    previousUrl = System.getProperty(URL_PROPERTY);
    String base = System.getProperty("funccache.test.redis", "redis://127.0.0.1:6379/0");
    System.setProperty(URL_PROPERTY, base + "?namespace=" + namespace);
    container = weld(beans()).initialize();
  }

  static Weld weld(Class<?>... beans) {
    Weld weld = new Weld("funccache-cdi-" + UUID.randomUUID()).disableDiscovery()
        .setBeanDiscoveryMode(BeanDiscoveryMode.ALL).addExtension(new CacheAnnotationsExtension())
        .addBeanClasses(CacheAnnotationsExtension.INTERCEPTORS.toArray(Class<?>[]::new))
        .addBeanClasses(beans);
    return weld;
  }

  @AfterEach
  void shutdown() {
    if (container != null && container.isRunning()) {
      container.shutdown();
    }
    CacheManager manager = Caching.getCachingProvider().getCacheManager();
    List<String> names = new ArrayList<>();
    manager.getCacheNames().forEach(names::add);
    for (String name : names) {
      manager.destroyCache(name);
    }
    manager.close();
    if (previousUrl == null) {
      System.clearProperty(URL_PROPERTY);
    } else {
      System.setProperty(URL_PROPERTY, previousUrl);
    }
  }

  protected <T> T bean(Class<T> type) {
    return container.select(type).get();
  }

  /** The cache {@code name} of the default manager (null when nobody created it). */
  protected static Cache<Object, Object> cache(String name) {
    return Caching.getCachingProvider().getCacheManager().getCache(name);
  }
}
