package io.funccache.cdi.core;

import java.lang.annotation.Annotation;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;

/** One parameter of an intercepted call: its static description and this call's value. */
record Parameter(CacheMethod.ParameterShape shape, Object value)
    implements CacheInvocationParameter {

  @Override
  public Class<?> getRawType() {
    return shape.rawType();
  }

  @Override
  public Object getValue() {
    return value;
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return shape.annotations();
  }

  @Override
  public int getParameterPosition() {
    return shape.position();
  }
}
