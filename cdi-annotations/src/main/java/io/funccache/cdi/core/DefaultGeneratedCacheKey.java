package io.funccache.cdi.core;

import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The key the default key generator produces: the values of the key parameters, compared with
 * {@link Arrays#deepEquals} and hashed with {@link Arrays#deepHashCode}. Serializable, so it can be
 * stored in Redis; its serialized form depends only on the parameter values, so equal keys written
 * by different JVMs address the same entry.
 */
public final class DefaultGeneratedCacheKey implements GeneratedCacheKey {

  private static final long serialVersionUID = 1L;

  private final Object[] parameters;

  /** A key over these parameter values (the array is copied). */
  public DefaultGeneratedCacheKey(Object... parameters) {
    this.parameters = parameters.clone();
  }

  /** A copy of the key's parameter values. */
  public Object[] parameters() {
    return parameters.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DefaultGeneratedCacheKey that
        && Arrays.deepEquals(parameters, that.parameters);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(parameters);
  }

  @Override
  public String toString() {
    return "DefaultGeneratedCacheKey" + Arrays.deepToString(parameters);
  }
}
