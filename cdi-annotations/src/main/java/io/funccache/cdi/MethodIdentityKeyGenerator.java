package io.funccache.cdi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.annotation.CacheInvocationParameter;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * A key generator that puts the method's identity into the key: declaring class, name, parameter
 * types and {@link CacheVersion}, then the key parameters' values. With it, many methods can share
 * one cache (one bound, one eviction policy) without their entries colliding, even when they take
 * the same arguments; the specification's default key holds the arguments alone.
 *
 * <pre>{@code
 * @CacheDefaults(cacheName = "pricing", cacheKeyGenerator = MethodIdentityKeyGenerator.class)
 * public class Pricing {
 *   @CacheResult @CacheVersion("2") public Price price(String sku) { ... }
 *   @CacheResult public Price discount(String sku) { ... }
 * }
 * }</pre>
 *
 * <p>When a method's code changes what it returns, bump its {@code @CacheVersion}: every key of the
 * method changes, so no JVM running the new code sees an old entry; the old entries take no part
 * in lookups and leave through eviction or expiry. To free their room at once, call
 * {@link #removeStaleEntries(Cache, Method)} once (for instance at startup).
 */
public class MethodIdentityKeyGenerator implements CacheKeyGenerator {

  private static final Map<Method, String> IDENTITIES = new ConcurrentHashMap<>();

  @Override
  public GeneratedCacheKey generateCacheKey(
      CacheKeyInvocationContext<? extends Annotation> context) {
    CacheInvocationParameter[] keyParameters = context.getKeyParameters();
    Object[] values = new Object[keyParameters.length];
    for (int i = 0; i < values.length; i++) {
      values[i] = keyParameters[i].getValue();
    }
    Method method = context.getMethod();
    return new MethodIdentityKey(identity(method), version(method), values);
  }

  /** The method's identity as keys carry it: {@code package.Class#name(package.Type,...)}. */
  public static String identity(Method method) {
    return IDENTITIES.computeIfAbsent(method, m -> {
      StringBuilder identity = new StringBuilder(m.getDeclaringClass().getName())
          .append('#').append(m.getName()).append('(');
      Class<?>[] types = m.getParameterTypes();
      for (int i = 0; i < types.length; i++) {
        identity.append(i == 0 ? "" : ",").append(types[i].getName());
      }
      return identity.append(')').toString();
    });
  }

  /** The method's {@link CacheVersion}: on the method, else on its class, else empty. */
  public static String version(Method method) {
    CacheVersion version = method.getAnnotation(CacheVersion.class);
    if (version == null) {
      version = method.getDeclaringClass().getAnnotation(CacheVersion.class);
    }
    return version == null ? "" : version.value();
  }

  /**
   * Removes from {@code cache} the entries this generator made for {@code method} under any version
   * but its current one. It walks the whole cache, so run it once after a deployment, not per call.
   *
   * @return how many entries it removed
   */
  public static int removeStaleEntries(Cache<?, ?> cache, Method method) {
    String identity = identity(method);
    String current = version(method);
    int removed = 0;
    for (Iterator<? extends Cache.Entry<?, ?>> entries = cache.iterator(); entries.hasNext(); ) {
      Object key = entries.next().getKey();
      if (key instanceof MethodIdentityKey k && k.method().equals(identity)
          && !k.version().equals(current)) {
        entries.remove();
        removed++;
      }
    }
    return removed;
  }
}
