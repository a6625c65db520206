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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;

/**
 * Makes the four {@code javax.cache.annotation} annotations interceptor bindings (every member
 * non-binding, since cache-api cannot carry CDI annotations) and checks their use on managed beans
 * at deployment. Registered through {@code META-INF/services}; the interceptors are
 * {@link CacheResultInterceptor}, {@link CachePutInterceptor}, {@link CacheRemoveInterceptor} and
 * {@link CacheRemoveAllInterceptor}, enabled by {@code @Priority}.
 *
 * <p>A class named by {@code cacheResolverFactory} or {@code cacheKeyGenerator} is used as a bean
 * when exactly one bean has it as its bean class, else created through its no-argument
 * constructor; either way once per container. Annotations that name none use
 * {@link DefaultCacheResolverFactory} and {@link DefaultCacheKeyGenerator}.
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
      DefaultCacheResolverFactory::new, DefaultCacheKeyGenerator::new);

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

  /**
   * The instance for a class named in an annotation: the bean whose bean class is exactly
   * {@code type} when there is one, else a new instance. Kept per class.
   */
  private <T> T lookup(Class<T> type) {
    return type.cast(instances.computeIfAbsent(type, t -> {
      BeanManager manager = beanManager;
      if (manager != null) {
        List<Bean<?>> exact = manager.getBeans(type).stream()
            .filter(bean -> bean.getBeanClass() == type).toList();
        if (exact.size() == 1) {
          Bean<?> bean = exact.get(0);
          return manager.getReference(bean, type, manager.createCreationalContext(bean));
        }
      }
      return CacheAnnotationSupport.newInstance(type);
    }));
  }
}
