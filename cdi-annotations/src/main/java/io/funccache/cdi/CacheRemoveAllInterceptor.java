package io.funccache.cdi;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Intercepted;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import javax.cache.annotation.CacheRemoveAll;

/** Applies {@code @CacheRemoveAll} (JSR-107 chapter 11) to intercepted CDI beans. */
@CacheRemoveAll
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class CacheRemoveAllInterceptor {

  private final CacheAnnotationsExtension extension;
  private final Bean<?> intercepted;

  @Inject
  CacheRemoveAllInterceptor(CacheAnnotationsExtension extension, @Intercepted Bean<?> intercepted) {
    this.extension = extension;
    this.intercepted = intercepted;
  }

  @AroundInvoke
  Object intercept(InvocationContext context) throws Exception {
    return extension.support().intercept(CacheRemoveAll.class, intercepted.getBeanClass(),
        context.getMethod(), context.getTarget(), context.getParameters(), context::proceed);
  }
}
