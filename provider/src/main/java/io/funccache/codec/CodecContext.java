package io.funccache.codec;

import java.util.List;
import java.util.Objects;

/**
 * What a codec may know about the role it serves.
 *
 * @param cacheName the cache, for messages
 * @param classLoader the loader classes are resolved with when decoding
 * @param declaredType the configured key or value type ({@code Object.class} when untyped)
 * @param allowedClasses extra class-name patterns that may be instantiated when decoding: an exact
 *     name, {@code com.example.*} (one package) or {@code com.example.**} (a package and its subpackages)
 */
public record CodecContext(
    String cacheName, ClassLoader classLoader, Class<?> declaredType, List<String> allowedClasses) {

  public CodecContext {
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(classLoader, "classLoader");
    Objects.requireNonNull(declaredType, "declaredType");
    allowedClasses = List.copyOf(allowedClasses);
  }
}
