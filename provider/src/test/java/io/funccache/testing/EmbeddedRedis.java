package io.funccache.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The Redis 6.2 server binary inside the embedded-redis test dependency's jar, written to a
 * temporary file once per JVM: a real server before Redis 7 (no functions, no script flags) that
 * CI can start without installing anything.
 */
final class EmbeddedRedis {
  private static Path extracted;

  private EmbeddedRedis() {}

  static synchronized String path() {
    if (extracted == null) {
      extracted = extract(resourceName());
    }
    return extracted.toString();
  }

  /** The jar's Linux binaries, by processor; it carries no other Redis 6.2 for Linux. */
  private static String resourceName() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
      return "redis-server-6.2.6-v5-linux-amd64";
    }
    if (os.contains("linux") && arch.equals("aarch64")) {
      return "redis-server-6.2.7-linux-arm64";
    }
    throw new IllegalStateException("FUNCCACHE_TEST_SERVER=" + RedisServer.EMBEDDED_REDIS
        + ": embedded-redis carries no Redis 6.2 binary for " + os + "/" + arch);
  }

  private static Path extract(String resource) {
    try (InputStream in = EmbeddedRedis.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("FUNCCACHE_TEST_SERVER=" + RedisServer.EMBEDDED_REDIS
            + ": " + resource + " is not on the test class path (is embedded-redis a test"
            + " dependency?)");
      }
      Path dir = Files.createTempDirectory("funccache-embedded-redis");
      Path file = dir.resolve(resource);
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      if (!file.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("cannot make " + file + " executable");
      }
      dir.toFile().deleteOnExit(); // registered first, so deleted after the file
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + resource + " from embedded-redis", e);
    }
  }
}
