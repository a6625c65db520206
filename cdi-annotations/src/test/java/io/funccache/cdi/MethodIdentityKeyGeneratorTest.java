package io.funccache.cdi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.enterprise.context.Dependent;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CacheResult;
import org.junit.jupiter.api.Test;

class MethodIdentityKeyGeneratorTest extends RedisCdiTest {

  @Dependent
  @CacheDefaults(cacheName = "shared", cacheKeyGenerator = MethodIdentityKeyGenerator.class)
  public static class Shared {
    final AtomicInteger calls = new AtomicInteger();

    @CacheResult
    public String upper(String s) {
      calls.incrementAndGet();
      return s.toUpperCase();
    }

    @CacheResult
    public String lower(String s) {
      calls.incrementAndGet();
      return s.toLowerCase();
    }

    @CacheResult
    @CacheVersion("2")
    public String reversed(String s) {
      calls.incrementAndGet();
      return new StringBuilder(s).reverse().toString();
    }
  }

  @Override
  protected Class<?>[] beans() {
    return new Class<?>[] {Shared.class};
  }

  private static Method method(String name) throws NoSuchMethodException {
    return Shared.class.getMethod(name, String.class);
  }

  @Test
  void methodsSharingACacheDoNotCollide() {
    Shared shared = bean(Shared.class);
    assertEquals("ABC", shared.upper("aBc"));
    assertEquals("abc", shared.lower("aBc"));
    assertEquals("ABC", shared.upper("aBc"));
    assertEquals("abc", shared.lower("aBc"));
    assertEquals(2, shared.calls.get());
  }

  @Test
  void theKeyCarriesClassMethodParameterTypesAndVersion() throws Exception {
    Shared shared = bean(Shared.class);
    shared.reversed("abc");
    String identity = "io.funccache.cdi.MethodIdentityKeyGeneratorTest$Shared"
        + "#reversed(java.lang.String)";
    assertEquals(identity, MethodIdentityKeyGenerator.identity(method("reversed")));
    assertEquals("2", MethodIdentityKeyGenerator.version(method("reversed")));
    assertEquals("", MethodIdentityKeyGenerator.version(method("upper")));
    assertEquals("cba", cache("shared").get(new MethodIdentityKey(identity, "2", "abc")));
    assertNull(cache("shared").get(new MethodIdentityKey(identity, "1", "abc")));
  }

  @Test
  void equalKeysSerializeToEqualBytes() throws Exception {
    assertEquals(Arrays.toString(bytes(new MethodIdentityKey("m", "1", "a", 1))),
        Arrays.toString(bytes(new MethodIdentityKey("m", "1", "a", 1))));
    assertNotEquals(new MethodIdentityKey("m", "1", "a"), new MethodIdentityKey("m", "2", "a"));
  }

  @Test
  void bumpingTheVersionHidesOldEntriesAndRemoveStaleEntriesDropsThem() throws Exception {
    Shared shared = bean(Shared.class);
    String identity = MethodIdentityKeyGenerator.identity(method("reversed"));
    // An entry written by version 1 of the method (an older deployment) and one of another method.
    shared.upper("abc");
    Cache<Object, Object> cache = cache("shared");
    cache.put(new MethodIdentityKey(identity, "1", "abc"), "stale result of version 1");
    assertEquals("cba", shared.reversed("abc"));
    assertEquals(2, shared.calls.get());
    assertEquals(1, MethodIdentityKeyGenerator.removeStaleEntries(cache, method("reversed")));
    assertNull(cache.get(new MethodIdentityKey(identity, "1", "abc")));
    assertEquals("cba", cache.get(new MethodIdentityKey(identity, "2", "abc")));
    assertEquals("ABC", shared.upper("abc"));
    assertEquals(2, shared.calls.get());
  }

  private static byte[] bytes(Object o) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
      objects.writeObject(o);
    }
    return out.toByteArray();
  }
}
