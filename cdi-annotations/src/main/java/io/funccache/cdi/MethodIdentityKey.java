package io.funccache.cdi;

import java.util.Arrays;
import java.util.Objects;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * A key made by {@link MethodIdentityKeyGenerator}: the method's identity
 * ({@code package.Class#name(package.Type,...)}), its {@link CacheVersion}, and the key parameters'
 * values. Serializable with a fixed form, so equal keys written by different JVMs address the
 * same Redis entry.
 */
public final class MethodIdentityKey implements GeneratedCacheKey {

  private static final long serialVersionUID = 1L;

  private final String method;
  private final String version;
  private final Object[] parameters;

  /** A key for {@code method} (its identity string) at {@code version} over these values. */
  public MethodIdentityKey(String method, String version, Object... parameters) {
    this.method = Objects.requireNonNull(method, "method");
    this.version = Objects.requireNonNull(version, "version");
    this.parameters = parameters.clone();
  }

  /** The method's identity: {@code package.Class#name(package.Type,...)}. */
  public String method() {
    return method;
  }

  /** The {@link CacheVersion} the method had when the key was made; empty when none. */
  public String version() {
    return version;
  }

  /** A copy of the key parameters' values. */
  public Object[] parameters() {
    return parameters.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MethodIdentityKey that && method.equals(that.method)
        && version.equals(that.version) && Arrays.deepEquals(parameters, that.parameters);
  }

  @Override
  public int hashCode() {
    return (method.hashCode() * 31 + version.hashCode()) * 31 + Arrays.deepHashCode(parameters);
  }

  @Override
  public String toString() {
    return method + (version.isEmpty() ? "" : "@" + version) + Arrays.deepToString(parameters);
  }
}
