package io.funccache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCachingProvider;
import io.funccache.testing.RedisCluster;
import io.funccache.testing.RedisServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    List<String> args = new java.util.ArrayList<>(List.of("--requirepass", "s3cret",
        "--user", "app", "on", ">app-pass", "~*", "&*", "+@all"));
    args.addAll(RedisServer.userWithoutFunctions());
    server = RedisServer.start(args, false);
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
  void anAclThatRefusesFunctionsIsServedByScripts() {
    if (RedisServer.hasFunctions()) {
      asApp("FUNCTION", "FLUSH"); // this test's own server: drop what other tests loaded
    }
    CacheManager manager = open("redis://nofn:nofn-pass@127.0.0.1:" + server.port());
    try {
      Cache<String, String> cache =
          manager.createCache("no-functions", new MutableConfiguration<>());
      cache.put("k", "v");
      assertEquals("v", cache.get("k"));
      cache.putAll(Map.of("a", "1", "b", "2"));
      assertEquals(Map.of("a", "1", "b", "2"), cache.getAll(Set.of("a", "b")));
      assertTrue(cache.remove("k"));

      String stats = asApp("INFO", "commandstats");
      assertTrue(stats.contains("cmdstat_evalsha:") || stats.contains("cmdstat_eval:"), stats);
      String functions = asApp("FUNCTION", "LIST");
      if (RedisServer.hasFunctions()) {
        assertFalse(functions.contains("funccache_"), "nothing was loaded as a function");
      } else {
        // Redis 6.2 has no functions: every user goes by EVALSHA there (docs/servers.md).
        assertTrue(functions.contains("unknown command"), functions);
      }
      manager.destroyCache("no-functions");
    } finally {
      manager.close();
    }
  }

  private static String asApp(String... command) {
    List<String> args = new java.util.ArrayList<>(
        List.of("--user", "app", "--pass", "app-pass", "--no-auth-warning"));
    args.addAll(List.of(command));
    return RedisCluster.cli(server.port(), args.toArray(String[]::new));
  }

  @Test
  void aWrongPasswordFailsNamingTheServerButNotThePassword() {
    CacheException e = assertThrows(CacheException.class,
        () -> open("redis://:wrong-pw@127.0.0.1:" + server.port() + "?connectTimeout=1s&timeout=1s"));
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.port()), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-pw"), e.getMessage());
  }
}
