package io.funccache.cdi.core;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import javax.cache.Cache;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The four cache behaviours of JSR-107 chapter 11, independent of any container. A container's
 * interceptor calls {@link #intercept} with the binding it was triggered by; method metadata is
 * parsed once per (bean class, method) and kept.
 *
 * <p>Beyond the specification: a method whose return type is {@code CompletionStage} or
 * {@code CompletableFuture} is treated asynchronously. {@code @CacheResult} caches the future's
 * value once it completes (a failed future is never cached), answers a hit with an already
 * completed future, and lets concurrent callers in this JVM share one pending computation per
 * cache and key. {@code @CachePut}, {@code @CacheRemove} and {@code @CacheRemoveAll} with
 * {@code afterInvocation} act when the future completes, applying their exception rules to its
 * failure.
 */
public final class CacheAnnotationSupport {

  /** The rest of the intercepted call. */
  @FunctionalInterface
  public interface Proceed {
    Object proceed() throws Exception;
  }

  /** Provides the resolver factories and key generators that annotations name by class. */
  @FunctionalInterface
  public interface Instances {
    <T> T get(Class<T> type);
  }

  private record MethodKey(Class<?> beanClass, Method method) {}

  private record PendingKey(Cache<?, ?> cache, Object key) {}

  private final Instances instances;
  private final Supplier<CacheResolverFactory> defaultFactory;
  private final Supplier<CacheKeyGenerator> defaultGenerator;
  private volatile CacheResolverFactory resolvedDefaultFactory;
  private volatile CacheKeyGenerator resolvedDefaultGenerator;
  private final ConcurrentMap<MethodKey, CacheMethod<Annotation>> methods =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<PendingKey, CompletableFuture<Object>> pending =
      new ConcurrentHashMap<>();

  /** Plain Java: classes named in annotations are instantiated through their no-arg constructor. */
  public CacheAnnotationSupport() {
    this(CacheAnnotationSupport::newInstance, DefaultCacheResolverFactory::new,
        DefaultCacheKeyGenerator::new);
  }

  /**
   * @param instances        supplies the factories and generators annotations name by class
   * @param defaultFactory   the resolver factory for annotations that name none (asked once)
   * @param defaultGenerator the key generator for annotations that name none (asked once)
   */
  public CacheAnnotationSupport(Instances instances,
      Supplier<CacheResolverFactory> defaultFactory,
      Supplier<CacheKeyGenerator> defaultGenerator) {
    this.instances = Objects.requireNonNull(instances, "instances");
    this.defaultFactory = Objects.requireNonNull(defaultFactory, "defaultFactory");
    this.defaultGenerator = Objects.requireNonNull(defaultGenerator, "defaultGenerator");
  }

  /** Creates {@code type} through its public or package no-arg constructor. */
  public static <T> T newInstance(Class<T> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("funccache-cdi: cannot create " + type.getName()
          + " (it needs a no-argument constructor, or must be a bean of the container)", e);
    }
  }

  /**
   * Checks the cache annotations of one method, as a container does at deployment.
   *
   * @return whether a cache annotation governs the method
   * @throws IllegalArgumentException when they are used wrongly
   */
  public static boolean check(Class<?> beanClass, Method method) {
    return CacheMethod.shape(beanClass, method) != null;
  }

  /** The specification's default cache name for {@code method}. */
  public static String defaultCacheName(Method method) {
    return CacheMethod.defaultCacheName(method);
  }

  CacheResolverFactory defaultResolverFactory() {
    CacheResolverFactory factory = resolvedDefaultFactory;
    if (factory == null) {
      factory = Objects.requireNonNull(defaultFactory.get(), "default CacheResolverFactory");
      resolvedDefaultFactory = factory;
    }
    return factory;
  }

  CacheKeyGenerator defaultKeyGenerator() {
    CacheKeyGenerator generator = resolvedDefaultGenerator;
    if (generator == null) {
      generator = Objects.requireNonNull(defaultGenerator.get(), "default CacheKeyGenerator");
      resolvedDefaultGenerator = generator;
    }
    return generator;
  }

  <T> T instance(Class<T> type) {
    return Objects.requireNonNull(instances.get(type), type.getName());
  }

  private CacheMethod<Annotation> method(Class<?> beanClass, Method method) {
    MethodKey key = new MethodKey(beanClass, method);
    CacheMethod<Annotation> found = methods.get(key);
    if (found == null) {
      CacheMethod.Shape<Annotation> shape = CacheMethod.shape(beanClass, method);
      if (shape == null) {
        return null;
      }
      // Not computeIfAbsent: creating a factory may itself call intercepted methods.
      found = CacheMethod.resolve(shape, this);
      CacheMethod<Annotation> raced = methods.putIfAbsent(key, found);
      if (raced != null) {
        found = raced;
      }
    }
    return found;
  }

  /**
   * Runs one intercepted call.
   *
   * @param binding   the annotation type whose interceptor is calling; the call is only passed on
   *                  when another annotation governs the method (a method-level annotation
   *                  overrides a class-level one)
   * @param beanClass the intercepted bean's class (where class-level annotations and
   *                  {@code @CacheDefaults} are looked for)
   * @param method    the intercepted method
   * @param target    the bean instance
   * @param arguments the call's arguments
   * @param proceed   the rest of the call
   */
  public Object intercept(Class<? extends Annotation> binding, Class<?> beanClass, Method method,
      Object target, Object[] arguments, Proceed proceed) throws Exception {
    CacheMethod<Annotation> details = method(beanClass, method);
    if (details == null || details.annotation().annotationType() != binding) {
      return proceed.proceed();
    }
    Invocation<Annotation> invocation = new Invocation<>(details, target, arguments);
    Annotation annotation = details.annotation();
    if (annotation instanceof CacheResult result) {
      return cacheResult(details, result, invocation, proceed);
    } else if (annotation instanceof CachePut put) {
      return cachePut(details, put, invocation, proceed);
    } else if (annotation instanceof CacheRemove remove) {
      return cacheRemove(details, remove, invocation, proceed);
    }
    return cacheRemoveAll(details, (CacheRemoveAll) annotation, invocation, proceed);
  }

  // ---------------------------------------------------------------- @CacheResult

  private Object cacheResult(CacheMethod<Annotation> details, CacheResult annotation,
      Invocation<Annotation> invocation, Proceed proceed) throws Exception {
    GeneratedCacheKey key = details.keyGenerator().generateCacheKey(invocation);
    Cache<Object, Object> cache = details.resolver().resolveCache(invocation);
    Cache<Object, Object> exceptionCache = details.exceptionResolver() == null ? null
        : details.exceptionResolver().resolveCache(invocation);
    boolean async = details.async();
    if (!annotation.skipGet()) {
      Object hit = FailOpen.read(cache, () -> cache.get(key));
      if (hit != null) {
        return async ? CompletableFuture.completedFuture(hit) : hit;
      }
      if (exceptionCache != null) {
        Object thrown = FailOpen.read(exceptionCache, () -> exceptionCache.get(key));
        if (thrown instanceof Throwable throwable) {
          throw Exceptions.rethrow(throwable);
        }
      }
    }
    if (async && !annotation.skipGet()) {
      return sharedAsyncResult(annotation, invocation, proceed, key, cache, exceptionCache);
    }
    Object result;
    try {
      result = proceed.proceed();
    } catch (Throwable thrown) {
      cacheException(annotation, key, exceptionCache, thrown);
      throw Exceptions.rethrow(thrown);
    }
    if (result == null) {
      return null;
    }
    if (async) {
      CompletableFuture<Object> settled = new CompletableFuture<>();
      ((CompletionStage<?>) result).whenComplete((value, failure) ->
          settle(settled, value, failure, cache, key));
      return settled.copy();
    }
    FailOpen.write(cache, () -> cache.put(key, result));
    return result;
  }

  /** The async miss path: join a pending computation for this cache and key, or start one. */
  private Object sharedAsyncResult(CacheResult annotation, Invocation<Annotation> invocation,
      Proceed proceed, GeneratedCacheKey key, Cache<Object, Object> cache,
      Cache<Object, Object> exceptionCache) throws Exception {
    PendingKey pendingKey = new PendingKey(cache, key);
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> running = pending.putIfAbsent(pendingKey, mine);
    if (running != null) {
      return running.copy();
    }
    Object result;
    try {
      result = proceed.proceed();
    } catch (Throwable thrown) {
      pending.remove(pendingKey, mine);
      mine.completeExceptionally(thrown);
      cacheException(annotation, key, exceptionCache, thrown);
      throw Exceptions.rethrow(thrown);
    }
    if (result == null) {
      pending.remove(pendingKey, mine);
      mine.complete(null);
      return null;
    }
    ((CompletionStage<?>) result).whenComplete((value, failure) -> {
      try {
        settle(mine, value, failure, cache, key);
      } finally {
        pending.remove(pendingKey, mine);
      }
    });
    return mine.copy();
  }

  /** Caches a future's successful value, then passes its outcome on to {@code settled}. */
  private static void settle(CompletableFuture<Object> settled, Object value, Throwable failure,
      Cache<Object, Object> cache, Object key) {
    if (failure != null) {
      settled.completeExceptionally(failure);
      return;
    }
    if (value != null) {
      try {
        FailOpen.write(cache, () -> cache.put(key, value));
      } catch (Throwable putFailure) {
        settled.completeExceptionally(putFailure);
        return;
      }
    }
    settled.complete(value);
  }

  private static void cacheException(CacheResult annotation, Object key,
      Cache<Object, Object> exceptionCache, Throwable thrown) {
    if (exceptionCache != null && Exceptions.matches(thrown, annotation.cachedExceptions(),
        annotation.nonCachedExceptions(), true)) {
      try {
        exceptionCache.put(key, thrown);
      } catch (RuntimeException putFailure) {
        // The method's own exception matters more than a failure to cache it.
        thrown.addSuppressed(putFailure);
      }
    }
  }

  // ---------------------------------------------------------------- @CachePut

  private Object cachePut(CacheMethod<Annotation> details, CachePut annotation,
      Invocation<Annotation> invocation, Proceed proceed) throws Exception {
    Runnable put = () -> {
      Object value = invocation.value();
      Cache<Object, Object> cache = details.resolver().resolveCache(invocation);
      GeneratedCacheKey key = details.keyGenerator().generateCacheKey(invocation);
      if (value == null) {
        // A cache cannot hold null; the entry must not keep a stale value either.
        FailOpen.write(cache, () -> cache.remove(key));
      } else {
        FailOpen.write(cache, () -> cache.put(key, value));
      }
    };
    return around(details, annotation.afterInvocation(), annotation.cacheFor(),
        annotation.noCacheFor(), put, proceed);
  }

  // ---------------------------------------------------------------- @CacheRemove

  private Object cacheRemove(CacheMethod<Annotation> details, CacheRemove annotation,
      Invocation<Annotation> invocation, Proceed proceed) throws Exception {
    Runnable remove = () -> {
      Cache<Object, Object> cache = details.resolver().resolveCache(invocation);
      GeneratedCacheKey key = details.keyGenerator().generateCacheKey(invocation);
      FailOpen.write(cache, () -> cache.remove(key));
    };
    return around(details, annotation.afterInvocation(), annotation.evictFor(),
        annotation.noEvictFor(), remove, proceed);
  }

  // ---------------------------------------------------------------- @CacheRemoveAll

  private Object cacheRemoveAll(CacheMethod<Annotation> details, CacheRemoveAll annotation,
      Invocation<Annotation> invocation, Proceed proceed) throws Exception {
    Runnable removeAll = () -> {
      Cache<Object, Object> cache = details.resolver().resolveCache(invocation);
      FailOpen.write(cache, cache::removeAll);
    };
    return around(details, annotation.afterInvocation(), annotation.evictFor(),
        annotation.noEvictFor(), removeAll, proceed);
  }

  /**
   * Runs {@code action} before the call, or after it: when it returns, or when it throws (or its
   * future fails) an exception that passes {@code include}/{@code exclude} (both empty: never).
   */
  private static Object around(CacheMethod<Annotation> details, boolean afterInvocation,
      Class<? extends Throwable>[] include, Class<? extends Throwable>[] exclude,
      Runnable action, Proceed proceed) throws Exception {
    if (!afterInvocation) {
      action.run();
      return proceed.proceed();
    }
    Object result;
    try {
      result = proceed.proceed();
    } catch (Throwable thrown) {
      if (Exceptions.matches(thrown, include, exclude, false)) {
        action.run();
      }
      throw Exceptions.rethrow(thrown);
    }
    if (details.async() && result != null) {
      CompletableFuture<Object> settled = new CompletableFuture<>();
      ((CompletionStage<?>) result).whenComplete((value, failure) -> {
        try {
          if (failure == null
              || Exceptions.matches(Exceptions.unwrap(failure), include, exclude, false)) {
            action.run();
          }
        } catch (Throwable actionFailure) {
          if (failure != null) {
            failure.addSuppressed(actionFailure);
          } else {
            settled.completeExceptionally(actionFailure);
            return;
          }
        }
        if (failure != null) {
          settled.completeExceptionally(failure);
        } else {
          settled.complete(value);
        }
      });
      return settled;
    }
    action.run();
    return result;
  }
}
