package io.funccache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CacheNamePatternTest {

  @Test
  void starMatchesAnyRunOfCharactersDotsIncluded() {
    assertTrue(CacheNamePattern.matches("com.acme.model.*", "com.acme.model.Order"));
    assertTrue(CacheNamePattern.matches("com.acme.model.*", "com.acme.model.Order.lines"));
    assertTrue(CacheNamePattern.matches("com.acme.model.*", "com.acme.model."));
    assertTrue(CacheNamePattern.matches("*", "anything at all"));
    assertTrue(CacheNamePattern.matches("*-region", "default-query-results-region"));
    assertTrue(CacheNamePattern.matches("a*b*c", "a-b-b-c"));
    assertTrue(CacheNamePattern.matches("a**", "a"));
    assertFalse(CacheNamePattern.matches("com.acme.model.*", "com.acme.modelX"));
    assertFalse(CacheNamePattern.matches("com.acme.model.*", "org.com.acme.model.Order"));
    assertFalse(CacheNamePattern.matches("*-region", "default-region-x"));
    assertFalse(CacheNamePattern.matches("a*b*c", "a-b-b-cd"));
    // Everything but * stands for itself: no regex, no ? or [ ].
    assertFalse(CacheNamePattern.matches("a.c*", "abc"));
    assertTrue(CacheNamePattern.matches("a?[x]*", "a?[x]y"));
  }

  @Test
  void patternsAreReadFromCachesButDeclareNoCache() {
    FuncCacheSettings s = parse("""
        caches:
          "com.acme.model.*": { policy: LFU, maxSize: 500 }
          orders: { maxSize: 7 }
        """);
    assertEquals(Set.of("orders"), s.caches().keySet());
    assertEquals(Set.of("com.acme.model.*"), s.cachePatterns().keySet());
    assertEquals("LFU", s.own("com.acme.model.Order").policy());
    assertEquals(500L, s.own("com.acme.model.Order.lines").maxSize());
    assertNull(s.own("com.acme.other.Thing"));
  }

  @Test
  void exactNameWinsOverPatternsAndTheLongestPatternOverShorterOnes() {
    FuncCacheSettings s = parse("""
        caches:
          "*": { maxSize: 1 }
          "com.acme.*": { maxSize: 2 }
          "com.acme.model.*": { maxSize: 3 }
          "com.acme.model.Order": { maxSize: 4 }
          "*.Order": { maxSize: 5 }
        """);
    assertEquals(4L, s.own("com.acme.model.Order").maxSize());
    assertEquals(3L, s.own("com.acme.model.Order.lines").maxSize());
    assertEquals(3L, s.own("com.acme.model.Customer").maxSize());
    assertEquals(2L, s.own("com.acme.billing.Invoice").maxSize());
    assertEquals(5L, s.own("org.other.Order").maxSize());
    assertEquals(1L, s.own("default-query-results-region").maxSize());
  }

  @Test
  void equallyLongPatternsGoByFileOrder() {
    String yaml = """
        caches:
          "a*": { maxSize: 1 }
          "*b": { maxSize: 2 }
        """;
    assertEquals(1L, parse(yaml).own("ab").maxSize());
    assertEquals(2L, parse(yaml.replace("\"a*\": { maxSize: 1 }", "\"x*\": { maxSize: 1 }"))
        .own("ab").maxSize());
  }

  @Test
  void patternsSurviveManagerProperties() {
    FuncCacheSettings s = ConfigLoader.load(
        java.net.URI.create("classpath:funccache-reference.yaml"),
        CacheNamePatternTest.class.getClassLoader(), props("funccache.namespace", "other"),
        name -> null);
    assertEquals("other", s.namespace());
    assertEquals(Map.of("com.example.model.*", s.cachePatterns().get("com.example.model.*")),
        s.cachePatterns());
  }

  @Test
  void aBadSettingUnderAPatternNamesThePattern() {
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> parse("caches:\n  \"com.acme.*\": { maxSize: -1 }\n"));
    assertTrue(e.getMessage().contains("caches.com.acme.*.maxSize"), e.getMessage());
  }

  private static java.util.Properties props(String key, String value) {
    java.util.Properties p = new java.util.Properties();
    p.setProperty(key, value);
    return p;
  }

  private static FuncCacheSettings parse(String yaml) {
    return new ConfigFile("inline.yaml", name -> null).parse(yaml);
  }
}
