/**
 * The container-neutral part: annotation metadata read once per method
 * ({@code CacheMethod}), the specification's default key generator and resolver factory, and the
 * four behaviours plus asynchronous results ({@link io.funccache.cdi.core.CacheAnnotationSupport}).
 * Nothing here imports a CDI or interceptor API, so other containers can reuse it.
 */
package io.funccache.cdi.core;
