package io.funccache.testing;

import io.funccache.RedisCachingProvider;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import javax.cache.CacheManager;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for integration tests: injects a {@link RedisTestContext} whose managers talk
 * to the real Redis of {@link RedisServer}, each test in a namespace of its own, and closes them
 * (destroying their caches) after the test.
 */
public final class RedisTest implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(RedisTest.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisTestContext.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(STORE).getOrComputeIfAbsent("context",
        k -> new RedisTestContext(RedisServer.uri(), "test-" + UUID.randomUUID()),
        RedisTestContext.class);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    RedisTestContext test = context.getStore(STORE).remove("context", RedisTestContext.class);
    if (test != null) {
      test.cleanUp();
    }
  }

  /** What a test gets: the Redis URI, its namespace, and managers bound to both. */
  public static final class RedisTestContext {
    private final URI uri;
    private final String namespace;
    private final List<CacheManager> managers = new ArrayList<>();

    RedisTestContext(URI uri, String namespace) {
      this.uri = uri;
      this.namespace = namespace;
    }

    public URI uri() {
      return uri;
    }

    public String namespace() {
      return namespace;
    }

    /** A new manager with its own Redis client (a fresh provider), in this test's namespace. */
    public CacheManager newManager() {
      Properties properties = new Properties();
      properties.setProperty("funccache.namespace", namespace);
      CacheManager manager = new RedisCachingProvider()
          .getCacheManager(uri, RedisTest.class.getClassLoader(), properties);
      managers.add(manager);
      return manager;
    }

    void cleanUp() {
      for (CacheManager manager : managers) {
        if (!manager.isClosed()) {
          for (String name : manager.getCacheNames()) {
            manager.destroyCache(name);
          }
          manager.close();
        }
      }
    }
  }
}
