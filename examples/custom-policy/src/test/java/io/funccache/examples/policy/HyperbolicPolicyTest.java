package io.funccache.examples.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.policy.PolicyCheck;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hyperbolic policy, loaded from funccache.yaml's policies: section, on a real Redis. */
class HyperbolicPolicyTest {
  private CacheManager manager;

  @BeforeEach
  void open() {
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", "custom-policy-test-" + UUID.randomUUID());
    CachingProvider provider = Caching.getCachingProvider();
    manager = provider.getCacheManager(URI.create("classpath:funccache.yaml"),
        getClass().getClassLoader(), properties);
  }

  @AfterEach
  void close() {
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
    manager.close();
  }

  @Test
  void theScriptMatchesItsModelAfterEveryOperation() {
    Cache<String, String> cache = manager.createCache("check",
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setPolicy("HYPERBOLIC").setMaxSize(5));
    int hits = PolicyCheck.of(cache, new HyperbolicModel(5)).operations(2_000).run();
    assertTrue(hits > 100, "the sequence hits often enough to test the scores: " + hits);
  }

  @Test
  void anEntryReadOftenOutlivesAScanThatLruWouldLetThrough() {
    Cache<String, String> hyperbolic = manager.getCache("articles", String.class, String.class);
    Cache<String, String> lru = manager.createCache("articles-lru",
        new RedisCacheConfiguration<String, String>().setTypes(String.class, String.class)
            .setPolicy("LRU").setMaxSize(50));
    for (Cache<String, String> cache : java.util.List.of(hyperbolic, lru)) {
      cache.put("front-page", "news");
      for (int i = 0; i < 30; i++) {
        cache.get("front-page");
      }
      for (int i = 0; i < 200; i++) { // a crawler reads every article once
        cache.put("article-" + i, "text");
      }
    }
    assertTrue(hyperbolic.containsKey("front-page"), "30 hits keep it above one-time reads");
    assertFalse(lru.containsKey("front-page"), "LRU lets 200 newer entries push it out");
  }
}
