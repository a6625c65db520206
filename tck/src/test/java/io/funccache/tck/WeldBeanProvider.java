package io.funccache.tck;

import io.funccache.cdi.CacheAnnotationsExtension;
import javax.cache.annotation.BeanProvider;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

/**
 * The TCK's annotation tests get their beans here: a Weld SE container with funccache-cdi's
 * extension and interceptors and the three {@code manager.*BlogManagerImpl} classes. Discovery
 * is off and the synthetic archive is in mode ALL, because cache-tests' own beans.xml (old
 * namespace, no discovery mode) makes Weld 5+ treat its classes as "annotated" and skip them.
 */
public final class WeldBeanProvider implements BeanProvider {

  private final WeldContainer container;

  public WeldBeanProvider() {
    container = new Weld("funccache-tck-annotations")
        .disableDiscovery()
        .setBeanDiscoveryMode(BeanDiscoveryMode.ALL)
        .addExtension(new CacheAnnotationsExtension())
        .addBeanClasses(CacheAnnotationsExtension.INTERCEPTORS.toArray(Class<?>[]::new))
        .addBeanClasses(ClassLevelCacheConfigBlogManagerImpl.class,
            CacheNameOnEachMethodBlogManagerImpl.class, UsingDefaultCacheNameBlogManagerImpl.class)
        .initialize();
  }

  @Override
  public <T> T getBeanByType(Class<T> type) {
    return container.select(type).get();
  }
}
