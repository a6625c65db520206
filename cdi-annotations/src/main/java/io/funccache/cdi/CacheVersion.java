package io.funccache.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The version of a cached method's logic, for {@link MethodIdentityKeyGenerator}: it is part of
 * every key the generator makes, so changing it (say from {@code "1"} to {@code "2"} when the
 * method starts computing something different) makes every earlier entry of the method
 * unreachable at once, in every JVM that runs the new code. On a method it wins over one on the
 * class; with neither the version is the empty string.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface CacheVersion {

  /** The version; any string. */
  String value();
}
