package io.funccache.cdi;

import io.funccache.cdi.core.CacheAnnotationSupport;
import io.funccache.cdi.core.DefaultCacheKeyGenerator;
import io.funccache.cdi.core.DefaultCacheResolverFactory;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.Interceptor;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.enterprise.util.Nonbinding;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;

/**
 * Makes the four {@code javax.cache.annotation} annotations interceptor bindings (every member
 * non-binding, since cache-api cannot carry CDI annotations) and checks their use on managed beans
 * at deployment. Registered through {@code META-INF/services}; the interceptors are
 * {@link CacheResultInterceptor}, {@link CachePutInterceptor}, {@link CacheRemoveInterceptor} and
 * {@link CacheRemoveAllInterceptor}, enabled by {@code @Priority}.
 *
 * <p>Classes named by {@code cacheResolverFactory} and {@code cacheKeyGenerator} are looked up as
 * beans first, then created through their no-argument constructor. A bean of type
 * {@link CacheResolverFactory} (or {@link CacheKeyGenerator}) with the default qualifier replaces
 * the default one for every annotation that names none.
 */
public class CacheAnnotationsExtension implements Extension {

  /** The interceptor classes, for containers started without discovery (Weld SE). */
  public static final List<Class<?>> INTERCEPTORS = List.of(CacheResultInterceptor.class,
      CachePutInterceptor.class, CacheRemoveInterceptor.class, CacheRemoveAllInterceptor.class);

  private static final List<Class<? extends Annotation>> BINDINGS =
      List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

  private volatile BeanManager beanManager;
  private final ConcurrentMap<Class<?>, Object> instances = new ConcurrentHashMap<>();
  private final CacheAnnotationSupport support = new CacheAnnotationSupport(this::lookup,
      () -> beanOr(CacheResolverFactory.class, DefaultCacheResolverFactory::new),
      () -> beanOr(CacheKeyGenerator.class, DefaultCacheKeyGenerator::new));

  void registerBindings(@Observes BeforeBeanDiscovery discovery) {
    for (Class<? extends Annotation> binding : BINDINGS) {
      discovery.configureInterceptorBinding(binding).methods()
          .forEach(member -> member.add(Nonbinding.Literal.INSTANCE));
    }
  }

  <T> void checkAnnotations(@Observes ProcessManagedBean<T> bean) {
    if (bean.getBean() instanceof Interceptor<?>) {
      return; // our own interceptors carry their binding on the class
    }
    Class<?> beanClass = bean.getBean().getBeanClass();
    for (AnnotatedMethod<? super T> method : bean.getAnnotatedBeanClass().getMethods()) {
      int modifiers = method.getJavaMember().getModifiers();
      if (Modifier.isStatic(modifiers) || Modifier.isPrivate(modifiers)) {
        continue; // never intercepted
      }
      try {
        CacheAnnotationSupport.check(beanClass, method.getJavaMember());
      } catch (IllegalArgumentException misuse) {
        bean.addDefinitionError(misuse);
      }
    }
  }

  void captureBeanManager(@Observes AfterDeploymentValidation done, BeanManager manager) {
    this.beanManager = manager;
  }

  void forget(@Observes BeforeShutdown shutdown) {
    instances.clear();
  }

  /** The container-neutral behaviours the interceptors delegate to. */
  CacheAnnotationSupport support() {
    return support;
  }

  private <T> T lookup(Class<T> type) {
    return type.cast(instances.computeIfAbsent(type,
        t -> beanOr(type, () -> CacheAnnotationSupport.newInstance(type))));
  }

  private <T> T beanOr(Class<T> type, java.util.function.Supplier<? extends T> fallback) {
    BeanManager manager = beanManager;
    if (manager != null) {
      Set<Bean<?>> beans = manager.getBeans(type);
      if (!beans.isEmpty()) {
        Bean<?> bean = manager.resolve(beans);
        if (bean != null) {
          return type.cast(manager.getReference(bean, type, manager.createCreationalContext(bean)));
        }
      }
    }
    return fallback.get();
  }
}
