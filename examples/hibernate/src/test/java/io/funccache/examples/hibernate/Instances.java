package io.funccache.examples.hibernate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.cache.CacheManager;
import org.hibernate.SessionFactory;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;

/**
 * Application instances for the tests: each is a SessionFactory with a CacheManager of its own
 * (its own Redis client and codec state, as in another JVM), all sharing one H2 database and one
 * funccache namespace in the Redis on 127.0.0.1:6379.
 *
 * <p>Each instance names its own funccache YAML file through {@code hibernate.javax.cache.uri}
 * (Hibernate resolves that setting as a resource or URL, so a {@code redis://} URI cannot be
 * given there directly); the file holds nothing but the test's namespace.
 */
final class Instances implements AutoCloseable {
  private final Path dir;
  private final String namespace = "hibernate-test-" + UUID.randomUUID();
  private final String database = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private final List<SessionFactory> open = new ArrayList<>();
  private final List<Class<?>> entities;
  private String extraYaml = "";
  private final java.util.Map<String, String> extraProperties = new java.util.LinkedHashMap<>();
  private int count;
  private boolean schemaCreated;

  Instances(Path dir, Class<?>... entities) {
    this.dir = dir;
    this.entities = List.of(entities);
  }

  /** YAML appended to every instance's config file (for the tests that configure funccache). */
  Instances withYaml(String yaml) {
    this.extraYaml = yaml;
    return this;
  }

  /** A Hibernate setting for every instance started from now on. */
  Instances withProperty(String key, String value) {
    extraProperties.put(key, value);
    return this;
  }

  String namespace() {
    return namespace;
  }

  /** A new instance; the first one creates the schema. */
  SessionFactory start() {
    return start("instance-" + (++count));
  }

  /** An instance reading the config file {@code name}.yaml; the same name is the same instance restarted. */
  SessionFactory start(String name) {
    Path yaml = dir.resolve(name + ".yaml");
    try {
      Files.writeString(yaml, redis() + "namespace: " + namespace + "\n" + extraYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Configuration configuration = new Configuration();
    entities.forEach(configuration::addAnnotatedClass);
    SecondLevelCache.onFuncCache(configuration)
        .setProperty("hibernate.javax.cache.uri", yaml.toUri().toString())
        .setProperty("hibernate.javax.cache.missing_cache_strategy", "create")
        .setProperty("hibernate.connection.url", database)
        .setProperty("hibernate.connection.username", "sa")
        .setProperty("hibernate.connection.password", "")
        .setProperty("hibernate.hbm2ddl.auto", schemaCreated ? "none" : "create")
        .setProperty("hibernate.generate_statistics", "true");
    extraProperties.forEach(configuration::setProperty);
    SessionFactory sessionFactory = configuration.buildSessionFactory();
    schemaCreated = true;
    open.add(sessionFactory);
    return sessionFactory;
  }

  /** The Redis of FUNCCACHE_REDIS_URL (or -Dfunccache.redis.url) when set; else 127.0.0.1:6379. */
  private static String redis() {
    String url = System.getProperty("funccache.redis.url", System.getenv("FUNCCACHE_REDIS_URL"));
    return url == null || url.isBlank() ? "" : "redis:\n  url: \"" + url + "\"\n";
  }

  static CacheManager cacheManager(SessionFactory sessionFactory) {
    RegionFactory regions = sessionFactory.unwrap(SessionFactoryImplementor.class).getCache()
        .getRegionFactory();
    return ((JCacheRegionFactory) regions).getCacheManager();
  }

  /** Removes the namespace's caches from Redis, through the last instance still open. */
  @Override
  public void close() {
    SessionFactory last = null;
    for (SessionFactory sessionFactory : open) {
      if (sessionFactory.isOpen()) {
        last = sessionFactory;
      }
    }
    if (last != null) {
      CacheManager manager = cacheManager(last);
      for (String name : manager.getCacheNames()) {
        manager.destroyCache(name);
      }
    }
    for (SessionFactory sessionFactory : open) {
      if (sessionFactory.isOpen()) {
        sessionFactory.close();
      }
    }
  }
}
