package io.funccache.cdi.core;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/**
 * Everything about one annotated method that does not change between calls: which of the four
 * annotations applies, the cache name, the key and value parameters, and the resolvers and key
 * generator. Built once per (bean class, method) by {@link CacheAnnotationSupport}.
 *
 * @param <A> the cache annotation that applies
 */
final class CacheMethod<A extends Annotation> implements CacheMethodDetails<A> {

  /** The four cache annotations, in the order they are looked for. */
  static final List<Class<? extends Annotation>> CACHE_ANNOTATIONS =
      List.of(CacheResult.class, CachePut.class, CacheRemove.class, CacheRemoveAll.class);

  record ParameterShape(Class<?> rawType, Set<Annotation> annotations, int position) {}

  /** The parts that come from reflection alone; checked at deployment. */
  record Shape<A extends Annotation>(A annotation, CacheDefaults defaults, Method method,
      Set<Annotation> annotations, String cacheName, ParameterShape[] parameters,
      int[] keyPositions, int valuePosition, boolean async) {}

  private final Shape<A> shape;
  private final CacheResolver resolver;
  private final CacheResolver exceptionResolver;
  private final CacheKeyGenerator keyGenerator;

  private CacheMethod(Shape<A> shape, CacheResolver resolver, CacheResolver exceptionResolver,
      CacheKeyGenerator keyGenerator) {
    this.shape = shape;
    this.resolver = resolver;
    this.exceptionResolver = exceptionResolver;
    this.keyGenerator = keyGenerator;
  }

  /**
   * The annotation that governs {@code method} of {@code beanClass}: one on the method itself, else
   * one on the class (or a superclass). Null when there is none.
   *
   * @throws IllegalArgumentException when the method, or the class, carries more than one
   */
  static Annotation governing(Class<?> beanClass, Method method) {
    Annotation onMethod = single(method.getAnnotations(), method);
    if (onMethod != null) {
      return onMethod;
    }
    for (Class<?> type = beanClass; type != null && type != Object.class;
        type = type.getSuperclass()) {
      Annotation onType = single(type.getDeclaredAnnotations(), type);
      if (onType != null) {
        return onType;
      }
    }
    return null;
  }

  private static Annotation single(Annotation[] annotations, Object where) {
    Annotation found = null;
    for (Annotation annotation : annotations) {
      if (CACHE_ANNOTATIONS.contains(annotation.annotationType())) {
        if (found != null) {
          throw new IllegalArgumentException("funccache-cdi: only one of @CacheResult, @CachePut,"
              + " @CacheRemove and @CacheRemoveAll is allowed, but " + where + " has @"
              + found.annotationType().getSimpleName() + " and @"
              + annotation.annotationType().getSimpleName());
        }
        found = annotation;
      }
    }
    return found;
  }

  /**
   * Reads and checks the annotations of {@code method}; null when no cache annotation governs it.
   *
   * @throws IllegalArgumentException when they are used wrongly
   */
  static Shape<Annotation> shape(Class<?> beanClass, Method method) {
    Annotation annotation = governing(beanClass, method);
    if (annotation == null) {
      return null;
    }
    CacheDefaults defaults = null;
    for (Class<?> type = beanClass; type != null && defaults == null;
        type = type.getSuperclass()) {
      defaults = type.getAnnotation(CacheDefaults.class);
    }
    if (defaults == null && method.getDeclaringClass() != beanClass) {
      defaults = method.getDeclaringClass().getAnnotation(CacheDefaults.class);
    }
    String cacheName = cacheName(annotation);
    if (cacheName.isEmpty() && defaults != null) {
      cacheName = defaults.cacheName();
    }
    if (cacheName.isEmpty()) {
      cacheName = defaultCacheName(method);
    }

    boolean valueAllowed = annotation instanceof CachePut;
    Annotation[][] parameterAnnotations = method.getParameterAnnotations();
    Class<?>[] types = method.getParameterTypes();
    ParameterShape[] parameters = new ParameterShape[types.length];
    List<Integer> keys = new ArrayList<>();
    int value = -1;
    for (int i = 0; i < types.length; i++) {
      Set<Annotation> annotations = new LinkedHashSet<>(Arrays.asList(parameterAnnotations[i]));
      parameters[i] = new ParameterShape(types[i], Collections.unmodifiableSet(annotations), i);
      boolean isKey = false;
      for (Annotation parameterAnnotation : parameterAnnotations[i]) {
        if (parameterAnnotation instanceof CacheKey) {
          isKey = true;
        } else if (parameterAnnotation instanceof CacheValue) {
          if (!valueAllowed) {
            throw new IllegalArgumentException("funccache-cdi: @CacheValue is allowed only with"
                + " @CachePut, but " + method + " is governed by @"
                + annotation.annotationType().getSimpleName());
          }
          if (value >= 0) {
            throw new IllegalArgumentException(
                "funccache-cdi: more than one @CacheValue parameter on " + method);
          }
          value = i;
        }
      }
      if (isKey) {
        if (i == value) {
          throw new IllegalArgumentException("funccache-cdi: parameter " + i + " of " + method
              + " is both @CacheKey and @CacheValue");
        }
        keys.add(i);
      }
    }
    if (valueAllowed && value < 0) {
      throw new IllegalArgumentException(
          "funccache-cdi: @CachePut needs a @CacheValue parameter, and " + method + " has none");
    }
    if (keys.isEmpty()) {
      for (int i = 0; i < types.length; i++) {
        if (i != value) {
          keys.add(i);
        }
      }
    }
    Class<?> returnType = method.getReturnType();
    boolean async = CompletionStage.class.isAssignableFrom(returnType)
        && returnType.isAssignableFrom(CompletableFuture.class);
    Set<Annotation> methodAnnotations =
        Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(method.getAnnotations())));
    return new Shape<>(annotation, defaults, method, methodAnnotations, cacheName, parameters,
        keys.stream().mapToInt(Integer::intValue).toArray(), value, async);
  }

  /**
   * The specification's default cache name: {@code package.Class.method(package.Type,...)}, with
   * the method's declaring class and the parameter types' {@link Class#getName() names}.
   */
  static String defaultCacheName(Method method) {
    StringBuilder name = new StringBuilder(method.getDeclaringClass().getName())
        .append('.').append(method.getName()).append('(');
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      if (i > 0) {
        name.append(',');
      }
      name.append(types[i].getName());
    }
    return name.append(')').toString();
  }

  private static String cacheName(Annotation annotation) {
    if (annotation instanceof CacheResult a) {
      return a.cacheName();
    } else if (annotation instanceof CachePut a) {
      return a.cacheName();
    } else if (annotation instanceof CacheRemove a) {
      return a.cacheName();
    }
    return ((CacheRemoveAll) annotation).cacheName();
  }

  /** Completes a shape with the resolvers and key generator {@code support} provides. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static CacheMethod<Annotation> resolve(Shape<Annotation> shape, CacheAnnotationSupport support) {
    Annotation annotation = shape.annotation();
    CacheDefaults defaults = shape.defaults();
    Class<? extends CacheResolverFactory> factoryType;
    Class<? extends CacheKeyGenerator> generatorType = CacheKeyGenerator.class;
    if (annotation instanceof CacheResult a) {
      factoryType = a.cacheResolverFactory();
      generatorType = a.cacheKeyGenerator();
    } else if (annotation instanceof CachePut a) {
      factoryType = a.cacheResolverFactory();
      generatorType = a.cacheKeyGenerator();
    } else if (annotation instanceof CacheRemove a) {
      factoryType = a.cacheResolverFactory();
      generatorType = a.cacheKeyGenerator();
    } else {
      factoryType = ((CacheRemoveAll) annotation).cacheResolverFactory();
    }
    if (factoryType == CacheResolverFactory.class && defaults != null) {
      factoryType = defaults.cacheResolverFactory();
    }
    if (generatorType == CacheKeyGenerator.class && defaults != null) {
      generatorType = defaults.cacheKeyGenerator();
    }
    CacheResolverFactory factory = factoryType == CacheResolverFactory.class
        ? support.defaultResolverFactory() : support.instance(factoryType);
    CacheKeyGenerator generator = null;
    if (!(annotation instanceof CacheRemoveAll)) {
      generator = generatorType == CacheKeyGenerator.class
          ? support.defaultKeyGenerator() : support.instance(generatorType);
    }
    CacheMethod<Annotation> details = new CacheMethod<>(shape, null, null, generator);
    CacheResolver resolver = factory.getCacheResolver(details);
    CacheResolver exceptionResolver = null;
    if (annotation instanceof CacheResult a && !a.exceptionCacheName().isBlank()) {
      exceptionResolver = factory.getExceptionCacheResolver((CacheMethodDetails) details);
    }
    return new CacheMethod<>(shape, resolver, exceptionResolver, generator);
  }

  @Override
  public Method getMethod() {
    return shape.method();
  }

  @Override
  public Set<Annotation> getAnnotations() {
    return shape.annotations();
  }

  @Override
  public A getCacheAnnotation() {
    return shape.annotation();
  }

  @Override
  public String getCacheName() {
    return shape.cacheName();
  }

  Method method() {
    return shape.method();
  }

  Set<Annotation> annotations() {
    return shape.annotations();
  }

  A annotation() {
    return shape.annotation();
  }

  String cacheName() {
    return shape.cacheName();
  }

  ParameterShape[] parameters() {
    return shape.parameters();
  }

  int[] keyPositions() {
    return shape.keyPositions();
  }

  int valuePosition() {
    return shape.valuePosition();
  }

  boolean async() {
    return shape.async();
  }

  CacheResolver resolver() {
    return resolver;
  }

  CacheResolver exceptionResolver() {
    return exceptionResolver;
  }

  CacheKeyGenerator keyGenerator() {
    return keyGenerator;
  }
}
