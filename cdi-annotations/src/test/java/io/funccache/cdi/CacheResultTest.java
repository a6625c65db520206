package io.funccache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.cdi.core.DefaultGeneratedCacheKey;
import jakarta.enterprise.context.Dependent;
import java.lang.annotation.Annotation;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Caching;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheKey;
import javax.cache.annotation.CacheKeyGenerator;
import javax.cache.annotation.CacheKeyInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.GeneratedCacheKey;
import org.junit.jupiter.api.Test;

class CacheResultTest extends RedisCdiTest {

  @Dependent
  public static class Service {
    final AtomicInteger calls = new AtomicInteger();

    @CacheResult(cacheName = "squares")
    public Integer square(int x) {
      calls.incrementAndGet();
      return x * x;
    }

    @CacheResult
    public String defaultNamed(String s, int n) {
      calls.incrementAndGet();
      return s.repeat(n);
    }

    @CacheResult(cacheName = "byId")
    public String lookup(@CacheKey String id, String ignoredForKey) {
      calls.incrementAndGet();
      return id + "/" + ignoredForKey;
    }

    @CacheResult(cacheName = "nulls")
    public String nothing(String s) {
      calls.incrementAndGet();
      return null;
    }

    @CacheResult(cacheName = "refresh", skipGet = true)
    public String refresh(String s) {
      return s + "#" + calls.incrementAndGet();
    }

    @CacheResult(cacheName = "noExceptionCache")
    public String failsUncached(String s) {
      calls.incrementAndGet();
      throw new IllegalStateException("boom " + s);
    }

    @CacheResult(cacheName = "results", exceptionCacheName = "failures")
    public String failsCached(String s) {
      calls.incrementAndGet();
      throw new IllegalStateException("boom " + s);
    }

    @CacheResult(cacheName = "results2", exceptionCacheName = "failures2",
        cachedExceptions = IllegalStateException.class)
    public String failsSelectively(String kind) {
      calls.incrementAndGet();
      if (kind.equals("state")) {
        throw new IllegalStateException(kind);
      }
      throw new UnsupportedOperationException(kind);
    }

    @CacheResult(cacheName = "results3", exceptionCacheName = "failures3",
        cachedExceptions = RuntimeException.class,
        nonCachedExceptions = UnsupportedOperationException.class)
    public String failsExcluding(String kind) {
      calls.incrementAndGet();
      if (kind.equals("state")) {
        throw new IllegalStateException(kind);
      }
      throw new UnsupportedOperationException(kind);
    }

    @CacheResult(cacheName = "results4", exceptionCacheName = "failures4", skipGet = true)
    public String failsSkippingGet(String s) {
      calls.incrementAndGet();
      throw new IllegalStateException(s);
    }

    @CacheResult(cacheName = "beanKeys", cacheKeyGenerator = InjectedKeys.class)
    public String viaBean(String s) {
      calls.incrementAndGet();
      return s;
    }

    @CacheResult(cacheName = "custom", cacheKeyGenerator = FirstLetterKeys.class,
        cacheResolverFactory = PrefixingFactory.class)
    public String custom(String s) {
      calls.incrementAndGet();
      return s.toUpperCase();
    }
  }

  @Dependent
  @CacheDefaults(cacheName = "defaults", cacheKeyGenerator = FirstLetterKeys.class)
  public static class Defaulted {
    final AtomicInteger calls = new AtomicInteger();

    @CacheResult
    public String get(String s) {
      calls.incrementAndGet();
      return s;
    }

    @CacheResult(cacheName = "own")
    public String own(String s) {
      calls.incrementAndGet();
      return s;
    }
  }

  @Dependent
  @CacheResult(cacheName = "classLevel")
  public static class ClassLevel {
    final AtomicInteger calls = new AtomicInteger();

    public String a(String s) {
      calls.incrementAndGet();
      return "a" + s;
    }

    @CacheRemoveAll(cacheName = "classLevel")
    public void clear() {
      calls.incrementAndGet();
    }
  }

  /** Keys by the first letter of the first key parameter. */
  public static class FirstLetterKeys implements CacheKeyGenerator {
    static final AtomicInteger used = new AtomicInteger();

    @Override
    public GeneratedCacheKey generateCacheKey(
        CacheKeyInvocationContext<? extends Annotation> context) {
      used.incrementAndGet();
      String first = (String) context.getKeyParameters()[0].getValue();
      return new DefaultGeneratedCacheKey(first.substring(0, 1));
    }
  }

  /** A key generator that is a bean: it only works when the container injected it. */
  @jakarta.enterprise.context.ApplicationScoped
  public static class InjectedKeys implements CacheKeyGenerator {
    @jakarta.inject.Inject
    jakarta.enterprise.inject.spi.BeanManager beanManager;

    @Override
    public GeneratedCacheKey generateCacheKey(
        CacheKeyInvocationContext<? extends Annotation> context) {
      if (beanManager == null) {
        throw new IllegalStateException("not injected: created outside the container");
      }
      return new DefaultGeneratedCacheKey("bean", context.getKeyParameters()[0].getValue());
    }
  }

  /** Resolves to "prefixed-" + the cache name, in the default manager. */
  public static class PrefixingFactory implements CacheResolverFactory {
    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
      return new CacheResolver() {
        @Override
        public <K, V> javax.cache.Cache<K, V> resolveCache(
            CacheInvocationContext<? extends Annotation> context) {
          var manager = Caching.getCachingProvider().getCacheManager();
          String name = "prefixed-" + details.getCacheName();
          javax.cache.Cache<K, V> cache = manager.getCache(name);
          return cache != null ? cache : manager.createCache(name,
              new javax.cache.configuration.MutableConfiguration<K, V>());
        }
      };
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
      throw new UnsupportedOperationException();
    }
  }

  @Override
  protected Class<?>[] beans() {
    return new Class<?>[] {Service.class, Defaulted.class, ClassLevel.class, InjectedKeys.class};
  }

  @Test
  void secondCallIsServedFromRedis() {
    Service service = bean(Service.class);
    assertEquals(144, service.square(12));
    assertEquals(144, service.square(12));
    assertEquals(1, service.calls.get());
    assertEquals(169, service.square(13));
    assertEquals(2, service.calls.get());
    assertEquals(144, cache("squares").get(new DefaultGeneratedCacheKey(12)));
  }

  @Test
  void defaultCacheNameIsTheMethodSignature() {
    Service service = bean(Service.class);
    assertEquals("xyxy", service.defaultNamed("xy", 2));
    assertEquals("xyxy", service.defaultNamed("xy", 2));
    assertEquals(1, service.calls.get());
    String name = "io.funccache.cdi.CacheResultTest$Service.defaultNamed(java.lang.String,int)";
    assertEquals("xyxy", cache(name).get(new DefaultGeneratedCacheKey("xy", 2)));
  }

  @Test
  void onlyCacheKeyParametersMakeTheKey() {
    Service service = bean(Service.class);
    assertEquals("1/a", service.lookup("1", "a"));
    assertEquals("1/a", service.lookup("1", "b"));
    assertEquals(1, service.calls.get());
    assertEquals("1/a", cache("byId").get(new DefaultGeneratedCacheKey("1")));
  }

  @Test
  void nullIsNeverCached() {
    Service service = bean(Service.class);
    assertNull(service.nothing("x"));
    assertNull(service.nothing("x"));
    assertEquals(2, service.calls.get());
  }

  @Test
  void skipGetAlwaysInvokesAndCachesTheResult() {
    Service service = bean(Service.class);
    assertEquals("a#1", service.refresh("a"));
    assertEquals("a#2", service.refresh("a"));
    assertEquals("a#2", cache("refresh").get(new DefaultGeneratedCacheKey("a")));
  }

  @Test
  void exceptionsAreNotCachedWithoutAnExceptionCache() {
    Service service = bean(Service.class);
    assertThrows(IllegalStateException.class, () -> service.failsUncached("x"));
    assertThrows(IllegalStateException.class, () -> service.failsUncached("x"));
    assertEquals(2, service.calls.get());
  }

  @Test
  void exceptionsAreCachedAndRethrownWithAnExceptionCache() {
    Service service = bean(Service.class);
    IllegalStateException first =
        assertThrows(IllegalStateException.class, () -> service.failsCached("x"));
    IllegalStateException second =
        assertThrows(IllegalStateException.class, () -> service.failsCached("x"));
    assertEquals(1, service.calls.get());
    assertEquals(first.getMessage(), second.getMessage());
    assertNotNull(cache("failures").get(new DefaultGeneratedCacheKey("x")));
    assertNull(cache("results").get(new DefaultGeneratedCacheKey("x")));
  }

  @Test
  void cachedExceptionsSelectWhichExceptionsAreCached() {
    Service service = bean(Service.class);
    assertThrows(IllegalStateException.class, () -> service.failsSelectively("state"));
    assertThrows(IllegalStateException.class, () -> service.failsSelectively("state"));
    assertEquals(1, service.calls.get());
    assertThrows(UnsupportedOperationException.class, () -> service.failsSelectively("other"));
    assertThrows(UnsupportedOperationException.class, () -> service.failsSelectively("other"));
    assertEquals(3, service.calls.get());
  }

  @Test
  void nonCachedExceptionsWinOverCachedExceptions() {
    Service service = bean(Service.class);
    assertThrows(IllegalStateException.class, () -> service.failsExcluding("state"));
    assertThrows(IllegalStateException.class, () -> service.failsExcluding("state"));
    assertEquals(1, service.calls.get());
    assertThrows(UnsupportedOperationException.class, () -> service.failsExcluding("other"));
    assertThrows(UnsupportedOperationException.class, () -> service.failsExcluding("other"));
    assertEquals(3, service.calls.get());
  }

  @Test
  void skipGetAlsoSkipsTheExceptionCheckButStillCachesTheException() {
    Service service = bean(Service.class);
    assertThrows(IllegalStateException.class, () -> service.failsSkippingGet("x"));
    assertThrows(IllegalStateException.class, () -> service.failsSkippingGet("x"));
    assertEquals(2, service.calls.get());
    assertTrue(cache("failures4").get(new DefaultGeneratedCacheKey("x"))
        instanceof IllegalStateException);
  }

  @Test
  void namedKeyGeneratorAndResolverFactoryAreUsed() {
    Service service = bean(Service.class);
    int before = FirstLetterKeys.used.get();
    assertEquals("ABC", service.custom("abc"));
    assertEquals("ABC", service.custom("axe"));
    assertEquals(1, service.calls.get());
    assertEquals(before + 2, FirstLetterKeys.used.get());
    assertEquals("ABC", cache("prefixed-custom").get(new DefaultGeneratedCacheKey("a")));
    assertNull(cache("custom"));
  }

  @Test
  void aNamedKeyGeneratorThatIsABeanIsUsedAsTheBean() {
    Service service = bean(Service.class);
    assertEquals("v", service.viaBean("v"));
    assertEquals("v", service.viaBean("v"));
    assertEquals(1, service.calls.get());
    assertEquals("v", cache("beanKeys").get(new DefaultGeneratedCacheKey("bean", "v")));
  }

  @Test
  void cacheDefaultsGiveNameAndKeyGeneratorUnlessTheMethodSaysOtherwise() {
    Defaulted defaulted = bean(Defaulted.class);
    assertEquals("apple", defaulted.get("apple"));
    assertEquals("apple", defaulted.get("avocado"));
    assertEquals("apple", cache("defaults").get(new DefaultGeneratedCacheKey("a")));
    assertEquals("olive", defaulted.own("olive"));
    assertEquals("olive", defaulted.own("orange"));
    assertEquals(2, defaulted.calls.get());
    assertEquals("olive", cache("own").get(new DefaultGeneratedCacheKey("o")));
  }

  @Test
  void classLevelAnnotationAppliesToEveryMethodAndMethodLevelOnesOverrideIt() {
    ClassLevel bean = bean(ClassLevel.class);
    assertEquals("ax", bean.a("x"));
    assertEquals("ax", bean.a("x"));
    assertEquals(1, bean.calls.get());
    bean.clear();
    assertEquals(2, bean.calls.get());
    assertEquals("ax", bean.a("x"));
    assertEquals(3, bean.calls.get());
  }

  @Test
  void aClosedDefaultManagerIsReopenedAndTheEntryIsStillInRedis() {
    Service service = bean(Service.class);
    assertEquals(144, service.square(12));
    var closed = Caching.getCachingProvider().getCacheManager();
    closed.close();
    assertEquals(144, service.square(12));
    assertEquals(1, service.calls.get());
    var reopened = Caching.getCachingProvider().getCacheManager();
    assertTrue(reopened != closed && !reopened.isClosed());
    assertSame(reopened, cache("squares").getCacheManager());
  }
}
