package io.funccache.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCredentials;
import io.funccache.RedisCredentialsSupplier;
import io.funccache.testing.RotatableCredentials;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The credentials supplier and lifetime, from a config file and from the manager properties. */
class CredentialsSettingsTest {
  private static final ClassLoader LOADER = CredentialsSettingsTest.class.getClassLoader();
  private static final String SUPPLIER = RotatableCredentials.class.getName();

  @TempDir Path dir;

  private FuncCacheSettings loadYaml(String redisSection, Properties properties) throws Exception {
    Path file = dir.resolve("funccache.yaml");
    Files.writeString(file, "redis:\n" + redisSection);
    return ConfigLoader.load(file.toUri(), LOADER, properties, name -> null);
  }

  private ConfigException yamlFailure(String redisSection) {
    return assertThrows(ConfigException.class, () -> loadYaml(redisSection, null));
  }

  @Test
  void aFileNamesTheSupplierClassAndTheLifetime() throws Exception {
    RedisConnectionSettings redis = loadYaml("  url: redis://h:6380\n"
        + "  credentials: " + SUPPLIER + "\n  credentialsLifetime: 10m\n", null).redis();
    assertInstanceOf(RotatableCredentials.class, redis.credentials());
    assertEquals(Duration.ofMinutes(10), redis.credentialsLifetime());
    assertTrue(redis.toString().contains("credentials=" + SUPPLIER), redis.toString());

    RedisConnectionSettings once = loadYaml("  credentials: " + SUPPLIER + "\n", null).redis();
    assertInstanceOf(RotatableCredentials.class, once.credentials());
    assertNull(once.credentialsLifetime(), "asked at connect only");
  }

  @Test
  void badSupplierSettingsFailNamingTheKeyAndTheClass() {
    ConfigException missing = yamlFailure("  credentials: com.example.NoSuchSupplier\n");
    assertTrue(missing.getMessage().contains("redis.credentials"), missing.getMessage());
    assertTrue(missing.getMessage().contains("com.example.NoSuchSupplier"), missing.getMessage());

    ConfigException wrongType = yamlFailure("  credentials: java.lang.String\n");
    assertTrue(wrongType.getMessage().contains("does not implement "
        + RedisCredentialsSupplier.class.getName()), wrongType.getMessage());

    ConfigException noConstructor = yamlFailure("  credentials: "
        + NeedsArgument.class.getName() + "\n");
    assertTrue(noConstructor.getMessage().contains("no public no-argument constructor"),
        noConstructor.getMessage());

    ConfigException lonelyLifetime = yamlFailure("  credentialsLifetime: 10m\n");
    assertTrue(lonelyLifetime.getMessage().contains("credentialsLifetime needs a credentials"
        + " supplier"), lonelyLifetime.getMessage());

    ConfigException tooShort = yamlFailure("  credentials: " + SUPPLIER
        + "\n  credentialsLifetime: 500ms\n");
    assertTrue(tooShort.getMessage().contains("shorter than"), tooShort.getMessage());
  }

  @Test
  void aSupplierReplacesAPasswordAndTheMessageDoesNotShowIt() {
    for (String clash : new String[] {"  url: redis://:hunter2@h\n",
        "  password: hunter2\n", "  username: app\n"}) {
      ConfigException e = yamlFailure(clash + "  credentials: " + SUPPLIER + "\n");
      assertTrue(e.getMessage().contains("replaces username and password"), e.getMessage());
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
  }

  @Test
  void managerPropertiesTakeASupplierInstanceOrClassNameAndALifetime() {
    RedisCredentialsSupplier given = server -> new RedisCredentials("app", "token");
    Properties instance = new Properties();
    instance.put(ConfigLoader.CREDENTIALS_PROPERTY, given);
    instance.put(ConfigLoader.CREDENTIALS_LIFETIME_PROPERTY, Duration.ofMinutes(15));
    RedisConnectionSettings redis =
        ConfigLoader.load(URI.create("redis://h"), LOADER, instance).redis();
    assertSame(given, redis.credentials());
    assertEquals(Duration.ofMinutes(15), redis.credentialsLifetime());

    Properties named = new Properties();
    named.setProperty(ConfigLoader.CREDENTIALS_PROPERTY, SUPPLIER);
    named.setProperty(ConfigLoader.CREDENTIALS_LIFETIME_PROPERTY, "12h");
    RedisConnectionSettings byName =
        ConfigLoader.load(URI.create("redis://h"), LOADER, named).redis();
    assertInstanceOf(RotatableCredentials.class, byName.credentials());
    assertEquals(Duration.ofHours(12), byName.credentialsLifetime());

    Properties wrong = new Properties();
    wrong.put(ConfigLoader.CREDENTIALS_PROPERTY, 42);
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(URI.create("redis://h"), LOADER, wrong));
    assertTrue(e.getMessage().contains(ConfigLoader.CREDENTIALS_PROPERTY), e.getMessage());

    Properties misspelt = new Properties();
    misspelt.put("funccache.redis.credential", given);
    ConfigException typo = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(URI.create("redis://h"), LOADER, misspelt));
    assertTrue(typo.getMessage().contains("unknown manager property 'funccache.redis.credential'"),
        typo.getMessage());
  }

  @Test
  void propertiesOverTheFilesSupplier() throws Exception {
    RedisCredentialsSupplier given = server -> null;
    Properties properties = new Properties();
    properties.put(ConfigLoader.CREDENTIALS_PROPERTY, given);
    RedisConnectionSettings redis = loadYaml("  credentials: " + SUPPLIER
        + "\n  credentialsLifetime: 1h\n", properties).redis();
    assertSame(given, redis.credentials());
    assertEquals(Duration.ofHours(1), redis.credentialsLifetime(), "the file's lifetime stays");
  }

  @Test
  void credentialsNeverShowTheirPassword() {
    RedisCredentials credentials = new RedisCredentials("app", "hunter2");
    assertFalse(credentials.toString().contains("hunter2"), credentials.toString());
    assertTrue(credentials.toString().contains("app"), credentials.toString());
    assertNull(RedisCredentials.password("hunter2").username());
  }

  /** A supplier the file cannot create. */
  public static final class NeedsArgument implements RedisCredentialsSupplier {
    public NeedsArgument(String token) {}

    @Override
    public RedisCredentials credentials(java.net.InetSocketAddress server) {
      return null;
    }
  }
}
