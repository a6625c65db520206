package io.funccache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final ClassLoader LOADER = ConfigLoaderTest.class.getClassLoader();
  private static final Function<String, String> NO_ENV = name -> null;

  private static FuncCacheSettings load(String uri) {
    return ConfigLoader.load(URI.create(uri), LOADER, null, NO_ENV);
  }

  private static ConfigException failure(String uri) {
    return assertThrows(ConfigException.class, () -> load(uri));
  }

  @Test
  void plainRedisUriUsesDefaults() {
    FuncCacheSettings s = load("redis://localhost");
    assertEquals("redis://localhost:6379", s.redis().address());
    assertEquals(0, s.redis().database());
    assertNull(s.redis().password());
    assertEquals(Duration.ofSeconds(3), s.redis().timeout());
    assertEquals("default", s.namespace());
    assertEquals("funccache:", s.prefix());
    assertEquals(Map.of(), s.caches());
  }

  @Test
  void uriCarriesCredentialsDatabaseTlsAndOptions() {
    FuncCacheSettings s = load("rediss://app:p%40ss@h:7000/4?namespace=ns&timeout=250ms"
        + "&connectTimeout=1s&retryAttempts=0&retryInterval=5ms&prefix=x:");
    assertEquals("rediss://h:7000", s.redis().address());
    assertEquals("app", s.redis().username());
    assertEquals("p@ss", s.redis().password());
    assertEquals(4, s.redis().database());
    assertEquals(Duration.ofMillis(250), s.redis().timeout());
    assertEquals(Duration.ofSeconds(1), s.redis().connectTimeout());
    assertEquals(0, s.redis().retryAttempts());
    assertEquals("ns", s.namespace());
    assertEquals("x:", s.prefix());
    assertFalse(s.source().contains("p%40ss"), s.source());
    FuncCacheSettings passwordOnly = load("redis://:secret@h");
    assertNull(passwordOnly.redis().username());
    assertEquals("secret", passwordOnly.redis().password());
  }

  @Test
  void clusterAndSentinelUris() {
    FuncCacheSettings cluster = load("redis-cluster://:pw@10.0.0.1:7000,10.0.0.2,node3:7002"
        + "?timeout=1s");
    assertEquals(RedisConnectionSettings.Topology.CLUSTER, cluster.redis().topology());
    assertEquals(List.of("redis://10.0.0.1:7000", "redis://10.0.0.2:6379", "redis://node3:7002"),
        cluster.redis().nodes());
    assertEquals("pw", cluster.redis().password());
    assertFalse(cluster.source().contains("pw@"), cluster.source());
    FuncCacheSettings sentinel = load("rediss-sentinel://s1:26379,s2/mymaster/3");
    assertEquals(RedisConnectionSettings.Topology.SENTINEL, sentinel.redis().topology());
    assertEquals("mymaster", sentinel.redis().sentinelMaster());
    assertEquals(3, sentinel.redis().database());
    assertEquals(List.of("rediss://s1:26379", "rediss://s2:26379"), sentinel.redis().nodes());
    assertTrue(failure("redis-cluster://a:1/2").getMessage().contains("only database 0"));
    assertTrue(failure("redis-sentinel://a:1").getMessage().contains("names no master"));
    assertTrue(failure("redis://a:1,b:2").getMessage().contains("redis-cluster://"));
    assertTrue(failure("redis://a:99999").getMessage().contains("not a port"));
  }

  @Test
  void valkeySchemesAreTheRedisFormsUnderValkeysName() {
    FuncCacheSettings plain = load("valkey://app:pw@h:7000/2");
    assertEquals("redis://h:7000", plain.redis().address());
    assertEquals(2, plain.redis().database());
    assertEquals("pw", plain.redis().password());
    assertEquals("rediss://h:6379", load("valkeys://h").redis().address());
    FuncCacheSettings cluster = load("valkeys-cluster://a:7000,b:7001");
    assertEquals(RedisConnectionSettings.Topology.CLUSTER, cluster.redis().topology());
    assertEquals(List.of("rediss://a:7000", "rediss://b:7001"), cluster.redis().nodes());
    FuncCacheSettings sentinel = load("valkey-sentinel://s1,s2:26380/primary/1");
    assertEquals(RedisConnectionSettings.Topology.SENTINEL, sentinel.redis().topology());
    assertEquals("primary", sentinel.redis().sentinelMaster());
    assertEquals(List.of("redis://s1:26379", "redis://s2:26380"), sentinel.redis().nodes());
    assertTrue(failure("valkey-cluster://a:1/3").getMessage().contains("only database 0"));
    assertTrue(failure("valkey://:pw@h/abc").getMessage().contains("database index"));
  }

  @Test
  void badUrisFailNamingTheProblemButNeverThePassword() {
    assertTrue(failure("redis://:pw@h/abc").getMessage().contains("database index"));
    ConfigException unknown = failure("redis://:topsecret@h?colour=red");
    assertTrue(unknown.getMessage().contains("colour"), unknown.getMessage());
    assertFalse(unknown.getMessage().contains("topsecret"), unknown.getMessage());
    assertTrue(failure("http://h").getMessage().contains("accepted forms"));
    assertTrue(failure("redis://h?timeout=10").getMessage().contains("no unit"));
    assertTrue(failure("redis://h?namespace=a%7Bb%7D").getMessage().contains("hash tag"));
  }

  @Test
  void yamlFileWithEveryKey() {
    FuncCacheSettings s = ConfigLoader.load(URI.create("classpath:io/funccache/config/full.yaml"),
        LOADER, null, name -> name.equals("TEST_PW") ? "from-env" : null);
    assertEquals("redis://cache.example:6380", s.redis().address());
    assertEquals("app", s.redis().username());
    assertEquals("from-env", s.redis().password());
    assertEquals(3, s.redis().database());
    assertEquals(Duration.ofMillis(750), s.redis().timeout());
    assertEquals(2, s.redis().retryAttempts());
    assertEquals("shop", s.namespace());
    assertEquals("fc:", s.prefix());
    assertEquals("LRU_T", s.defaults().policy());
    assertEquals(50L, s.defaults().maxSize());
    assertEquals(Set.of("users", "sessions"), s.caches().keySet());
    CacheSettings users = s.caches().get("users").overlay(s.defaults());
    assertEquals("LFU", users.policy());
    assertEquals(0L, users.maxSize());
    assertEquals(Duration.ofHours(1), users.ttl());
    assertEquals(new ExpirySettings(ExpirySettings.Kind.ACCESSED, Duration.ofMinutes(10)),
        users.expiry());
    assertEquals("json", users.codec());
    assertEquals(List.of("com.example.*"), users.allowedClasses());
    assertEquals(true, users.statistics());
    CacheSettings sessions = s.caches().get("sessions").overlay(s.defaults());
    assertEquals("LRU_T", sessions.policy());
    assertEquals(ExpirySettings.Kind.ETERNAL, sessions.expiry().kind());
  }

  @Test
  void maxSizeTakesEnvironmentVariablesLikeEveryOtherSetting() {
    FuncCacheSettings s = new ConfigFile("inline.yaml",
        name -> name.equals("CACHE_MAX") ? "2500" : null)
        .parse("defaults:\n  maxSize: ${CACHE_MAX}\n");
    assertEquals(2500L, s.defaults().maxSize());
    for (String bad : List.of("-3", "1.5", "1e3")) {
      ConfigException e = assertThrows(ConfigException.class,
          () -> new ConfigFile("inline.yaml", name -> null).parse("defaults:\n  maxSize: " + bad));
      assertTrue(e.getMessage().contains("defaults.maxSize")
          && e.getMessage().contains("is not a whole number"),
          e.getMessage());
    }
  }

  @Test
  void theReferenceConfigLoads() {
    FuncCacheSettings s = load("classpath:funccache-reference.yaml");
    assertEquals(Set.of("example"), s.caches().keySet());
    assertEquals(Set.of("com.example.model.*"), s.cachePatterns().keySet());
    assertEquals(10_000L, s.defaults().maxSize());
    assertEquals(io.funccache.OnDecodeFailure.MISS, s.defaults().onDecodeFailure());
  }

  @Test
  void badFilesFailNamingFileAndKey() {
    ConfigException typo = failure("classpath:io/funccache/config/typo.yaml");
    assertTrue(typo.getMessage().contains("typo.yaml") && typo.getMessage().contains("defaults.maxsize")
        && typo.getMessage().contains("did you mean 'maxSize'"), typo.getMessage());
    ConfigException badType = failure("classpath:io/funccache/config/badtype.yaml");
    assertTrue(badType.getMessage().contains("defaults.maxSize")
        && badType.getMessage().contains("lots"), badType.getMessage());
    ConfigException broken = failure("classpath:io/funccache/config/broken.yaml");
    assertTrue(broken.getMessage().contains("broken.yaml")
        && broken.getMessage().contains("line"), broken.getMessage());
    ConfigException unitless = failure("classpath:io/funccache/config/unitless.yaml");
    assertTrue(unitless.getMessage().contains("defaults.ttl"), unitless.getMessage());
    assertTrue(failure("classpath:nope/missing.yaml").getMessage().contains("nope/missing.yaml"));
    assertTrue(failure("file:/definitely/not/here.yaml").getMessage()
        .contains("/definitely/not/here.yaml"));
    ConfigException unset = assertThrows(ConfigException.class, () -> load(
        "classpath:io/funccache/config/full.yaml"));
    assertTrue(unset.getMessage().contains("TEST_PW"), unset.getMessage());
  }

  @Test
  void emptyFileMeansDefaultsAndFileUrisWork(@TempDir Path dir) throws Exception {
    FuncCacheSettings empty = load("classpath:io/funccache/config/empty.yaml");
    assertEquals(RedisConnectionSettings.DEFAULT_ADDRESS, empty.redis().address());
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, "namespace: from-file\n");
    assertEquals("from-file", ConfigLoader.load(file.toUri(), LOADER, null, NO_ENV).namespace());
  }

  @Test
  void aFileInsideAJarIsRead(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("app.jar");
    try (java.util.zip.ZipOutputStream zip =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("config/funccache.yaml"));
      zip.write("namespace: in-jar\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    URI inJar = URI.create("jar:" + jar.toUri() + "!/config/funccache.yaml");
    assertEquals("in-jar", ConfigLoader.load(inJar, LOADER, null, NO_ENV).namespace());
    URI missing = URI.create("jar:" + jar.toUri() + "!/nope.yaml");
    assertTrue(assertThrows(ConfigException.class,
        () -> ConfigLoader.load(missing, LOADER, null, NO_ENV)).getMessage().contains("nope.yaml"));
  }

  @Test
  void propertiesOverrideNamespaceAndPrefixAndUnknownOnesFail() {
    Properties p = new Properties();
    p.setProperty("funccache.namespace", "tenant-a");
    p.setProperty("unrelated", "ignored");
    assertEquals("tenant-a", ConfigLoader.load(URI.create("redis://h"), LOADER, p, NO_ENV)
        .namespace());
    p.setProperty("funccache.nmespace", "oops");
    assertThrows(ConfigException.class,
        () -> ConfigLoader.load(URI.create("redis://h"), LOADER, p, NO_ENV));
  }

  @Test
  void defaultUriPrecedence(@TempDir Path dir) throws Exception {
    ClassLoader empty = new URLClassLoader(new URL[0], null);
    assertEquals(URI.create("redis://127.0.0.1:6379"), ConfigLoader.defaultUri(empty, NO_ENV));
    Files.writeString(dir.resolve("funccache.yaml"), "namespace: x\n");
    ClassLoader withFile = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    assertEquals(URI.create("classpath:funccache.yaml"), ConfigLoader.defaultUri(withFile, NO_ENV));
    assertEquals(URI.create("redis://env:1"),
        ConfigLoader.defaultUri(withFile, name -> "redis://env:1"));
    String previous = System.getProperty(ConfigLoader.URL_PROPERTY);
    System.setProperty(ConfigLoader.URL_PROPERTY, "redis://prop:2");
    try {
      assertEquals(URI.create("redis://prop:2"),
          ConfigLoader.defaultUri(withFile, name -> "redis://env:1"));
    } finally {
      if (previous == null) {
        System.clearProperty(ConfigLoader.URL_PROPERTY);
      } else {
        System.setProperty(ConfigLoader.URL_PROPERTY, previous);
      }
    }
  }
}
