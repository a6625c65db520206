package io.funccache.cdi.core;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Set;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyInvocationContext;

/**
 * What resolvers and key generators see of one intercepted call. For {@code @CacheRemoveAll} it is
 * used through its {@code CacheInvocationContext} face only.
 */
final class Invocation<A extends Annotation> implements CacheKeyInvocationContext<A> {

  private final CacheMethod<A> method;
  private final Object target;
  private final Object[] arguments;

  Invocation(CacheMethod<A> method, Object target, Object[] arguments) {
    this.method = method;
    this.target = target;
    this.arguments = arguments;
  }

  @Override
  public Method getMethod() {
    return method.method();
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return method.annotations();
  }

  @Override
  public A getCacheAnnotation() {
    return method.annotation();
  }

  @Override
  public String getCacheName() {
    return method.cacheName();
  }

  @Override
  public Object getTarget() {
    return target;
  }

  @Override
  public CacheInvocationParameter[] getAllParameters() {
    CacheMethod.ParameterShape[] shapes = method.parameters();
    CacheInvocationParameter[] all = new CacheInvocationParameter[shapes.length];
    for (int i = 0; i < shapes.length; i++) {
      all[i] = new Parameter(shapes[i], arguments[i]);
    }
    return all;
  }

  @Override
  public CacheInvocationParameter[] getKeyParameters() {
    int[] positions = method.keyPositions();
    CacheInvocationParameter[] keys = new CacheInvocationParameter[positions.length];
    for (int i = 0; i < positions.length; i++) {
      keys[i] = new Parameter(method.parameters()[positions[i]], arguments[positions[i]]);
    }
    return keys;
  }

  @Override
  public CacheInvocationParameter getValueParameter() {
    int position = method.valuePosition();
    return position < 0 ? null
        : new Parameter(method.parameters()[position], arguments[position]);
  }

  Object value() {
    return arguments[method.valuePosition()];
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache invocation context to " + type);
  }
}
