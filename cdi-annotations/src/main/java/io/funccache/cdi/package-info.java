/**
 * The JCache annotations ({@code javax.cache.annotation}, JSR-107 chapter 11) on Jakarta CDI 4:
 * {@link io.funccache.cdi.CacheAnnotationsExtension} makes {@code @CacheResult},
 * {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll} interceptor bindings, and
 * four {@code @Priority} interceptors delegate to the container-neutral
 * {@link io.funccache.cdi.core.CacheAnnotationSupport}. Beyond the specification:
 * {@link io.funccache.cdi.MethodIdentityKeyGenerator} and {@link io.funccache.cdi.CacheVersion}.
 */
package io.funccache.cdi;
