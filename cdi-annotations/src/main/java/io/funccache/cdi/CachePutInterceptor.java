package io.funccache.cdi;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CachePut;

/** Applies {@code @CachePut} (JSR-107 chapter 11) to intercepted CDI beans. */
@CachePut
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class CachePutInterceptor {

  private final CacheAnnotationsExtension extension;
  private final Bean<?> intercepted;

  @Inject
  CachePutInterceptor(CacheAnnotationsExtension extension, @Intercepted Bean<?> intercepted) {
    this.extension = extension;
    this.intercepted = intercepted;
  }

  @AroundInvoke
  Object intercept(InvocationContext context) throws Exception {
    return extension.support().intercept(CachePut.class, intercepted.getBeanClass(),
        context.getMethod(), context.getTarget(), context.getParameters(), context::proceed);
  }
}
