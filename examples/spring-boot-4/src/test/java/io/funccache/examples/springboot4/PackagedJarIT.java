package io.funccache.examples.springboot4;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the executable jar that {@code mvn package} builds, as a user would ({@code java -jar}):
 * there Spring hands funccache a {@code jar:nested:} URI for {@code classpath:funccache.yaml}.
 */
class PackagedJarIT {
  private final String namespace = "spring-boot-4-example-it-" + UUID.randomUUID();

  @Test
  void executableJarReadsFunccacheYamlFromInsideItself() throws Exception {
    Path jar = Path.of(System.getProperty("example.jar"));
    assertThat(jar).exists();
    Path output = Files.createTempFile("spring-boot-4-example", ".log");
    try {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process = new ProcessBuilder(List.of(java.toString(), "-jar", jar.toString(),
          "--funccache.namespace=" + namespace, "--spring.main.banner-mode=off"))
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the application did not finish in 120 s:\n" + read(output));
      }
      String log = read(output);
      assertThat(process.exitValue()).as(log).isZero();
      assertThat(log)
          .contains("funccache config: jar:nested:")
          .contains("funccache namespace: " + namespace)
          .containsSubsequence(
              "prices.price(\"apple\") = apple: ", "(computed)",
              "prices.price(\"apple\") = apple: ", "(served from Redis)",
              "squares.square(12) = 144 in ", "(computed)",
              "squares.square(12) = 144 in ", "(served from Redis)");
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Removes what the application left in Redis under this run's namespace. */
  @AfterEach
  void destroyCaches() {
    CachingProvider provider = Caching.getCachingProvider("io.funccache.RedisCachingProvider");
    Properties properties = new Properties();
    properties.setProperty("funccache.namespace", namespace);
    CacheManager manager = provider.getCacheManager(URI.create("classpath:funccache.yaml"),
        getClass().getClassLoader(), properties);
    try {
      for (String name : manager.getCacheNames()) {
        manager.destroyCache(name);
      }
    } finally {
      manager.close();
    }
  }

  private static String read(Path path) throws IOException {
    return Files.readString(path, StandardCharsets.UTF_8);
  }
}
