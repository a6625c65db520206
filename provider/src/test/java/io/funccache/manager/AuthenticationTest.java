package io.funccache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCachingProvider;
import io.funccache.testing.RedisServer;
import java.net.URI;
import java.util.List;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Passwords and ACL users from the URI, against a redis-server of the test's own. */
class AuthenticationTest {
  private static RedisServer.Started server;

  @BeforeAll
  static void start() {
    server = RedisServer.start(List.of("--requirepass", "s3cret",
        "--user", "app", "on", ">app-pass", "~*", "&*", "+@all"), false);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static CacheManager open(String uri) {
    return new RedisCachingProvider().getCacheManager(URI.create(uri),
        AuthenticationTest.class.getClassLoader());
  }

  @Test
  void passwordAndAclUserFromTheUriConnect() {
    for (String uri : List.of("redis://:s3cret@127.0.0.1:" + server.port() + "/2",
        "redis://app:app-pass@127.0.0.1:" + server.port())) {
      CacheManager manager = open(uri);
      try {
        Cache<String, String> cache = manager.createCache("auth", new MutableConfiguration<>());
        cache.put("k", "v");
        assertEquals("v", cache.get("k"));
        manager.destroyCache("auth");
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void aWrongPasswordFailsNamingTheServerButNotThePassword() {
    CacheException e = assertThrows(CacheException.class,
        () -> open("redis://:wrong-pw@127.0.0.1:" + server.port() + "?connectTimeout=1s&timeout=1s"));
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());
  }
}
