package io.funccache.testing;

import io.funccache.config.ConfigLoader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Redis server integration tests talk to, found once per JVM: the URL in system property
 * {@code funccache.redis.url} or environment variable {@code FUNCCACHE_REDIS_URL}; else
 * 127.0.0.1:6379 when it answers PING and {@code FUNCCACHE_TEST_SERVER} is not set; else a server
 * started from {@link #binary()} on a free port for this JVM and stopped when it exits.
 */
public final class RedisServer {
  /** The value of {@code FUNCCACHE_TEST_SERVER} that picks embedded-redis's Redis 6.2. */
  public static final String EMBEDDED_REDIS = "embedded-redis";

  private static volatile URI uri;
  private static volatile Boolean functions;

  /**
   * The server binary tests start: {@code redis-server} from the PATH, or what the environment
   * variable {@code FUNCCACHE_TEST_SERVER} names ({@code valkey-server}, an older redis-server),
   * so that the same suite runs against each server. {@value #EMBEDDED_REDIS} stands for the Redis
   * 6.2 binary that the embedded-redis test dependency carries, extracted once per JVM.
   */
  public static String binary() {
    String configured = configuredBinary();
    if (configured == null) {
      return "redis-server";
    }
    return configured.equals(EMBEDDED_REDIS) ? EmbeddedRedis.path() : configured;
  }

  /** {@code FUNCCACHE_TEST_SERVER}, or null when it is not set. */
  private static String configuredBinary() {
    String configured = System.getenv("FUNCCACHE_TEST_SERVER");
    return configured == null || configured.isBlank() ? null : configured.trim();
  }

  private RedisServer() {}

  /**
   * Whether the servers tests start have functions ({@code FUNCTION}, {@code FCALL}): Redis 7
   * and later and Valkey have; Redis 6.2 has not, and funccache goes by EVALSHA there. Read from
   * the binary's {@code --version}.
   */
  public static boolean hasFunctions() {
    if (functions == null) {
      functions = versionHasFunctions(version());
    }
    return functions;
  }

  /** What {@code --version} says, for example "Redis server v=6.2.11 sha=...". */
  private static String version() {
    try {
      Process process = new ProcessBuilder(binary(), "--version").redirectErrorStream(true)
          .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      return out.trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary() + " --version", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static boolean versionHasFunctions(String version) {
    java.util.regex.Matcher redis = java.util.regex.Pattern
        .compile("^Redis server v=(\\d+)\\.").matcher(version);
    return !redis.find() || Integer.parseInt(redis.group(1)) >= 7;
  }

  /**
   * Arguments that make user {@code nofn} (password {@code nofn-pass}) whom an ACL refuses
   * functions, so that its calls go by EVALSHA. A server without functions knows no such
   * commands to refuse: there {@code nofn} is a plain user, and every user goes by EVALSHA.
   */
  public static List<String> userWithoutFunctions() {
    List<String> args = new java.util.ArrayList<>(
        List.of("--user", "nofn", "on", ">nofn-pass", "~*", "&*", "+@all"));
    if (hasFunctions()) {
      args.addAll(List.of("-fcall", "-fcall_ro", "-function"));
    }
    return args;
  }

  public static synchronized URI uri() {
    if (uri == null) {
      uri = locate();
    }
    return uri;
  }

  private static URI locate() {
    String configured = System.getProperty(ConfigLoader.URL_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(ConfigLoader.URL_ENVIRONMENT);
    }
    if (configured != null && !configured.isBlank()) {
      return URI.create(configured);
    }
    // A server named for this run: the shared server is one of it too, not whatever answers on
    // 6379, so that no test of the run talks to another server.
    if (configuredBinary() == null && answersPing("127.0.0.1", 6379)) {
      return URI.create("redis://127.0.0.1:6379");
    }
    return startRedisServer();
  }

  static boolean answersPing(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[5];
      int read = in.readNBytes(reply, 0, 5);
      return read == 5 && new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static URI startRedisServer() {
    Started started = start(List.of(), true);
    System.err.println("funccache tests: started " + binary() + " on 127.0.0.1:" + started.port());
    return URI.create("redis://127.0.0.1:" + started.port());
  }

  /** A redis-server process of a test's own. */
  public record Started(Process process, int port) implements AutoCloseable {
    @Override
    public void close() {
      process.destroy();
    }
  }

  /**
   * Starts a redis-server from the PATH on a free loopback port with extra arguments (for
   * example {@code --requirepass}); {@code pingable} says whether PING works without credentials.
   */
  public static Started start(List<String> extraArgs, boolean pingable) {
    try {
      return start(freePort(), extraArgs, pingable);
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /**
   * A redis-server whose own arguments choose its ports (for example TLS only); {@code
   * reportedPort} is the one tests connect to, and must accept connections before this returns.
   */
  public static Started start(List<String> args, boolean pingable, int reportedPort) {
    try {
      Path dir = Files.createTempDirectory("funccache-redis");
      List<String> command = new java.util.ArrayList<>(List.of(binary(), "--bind",
          "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
      command.addAll(args);
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(new File(dir.toFile(), "redis.log")).start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      for (int i = 0; i < 100; i++) {
        if (pingable ? answersPing("127.0.0.1", reportedPort) : listens(reportedPort)) {
          return new Started(process, reportedPort);
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(100);
      }
      process.destroy();
      throw new IllegalStateException("redis-server did not answer on port " + reportedPort
          + "; see " + dir.resolve("redis.log"));
    } catch (IOException e) {
      throw new IllegalStateException("No Redis answers on 127.0.0.1:6379 and redis-server could"
          + " not be started from the PATH; set funccache.redis.url", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A redis-server on a given port: the same server again, after a crash. */
  public static Started startOnPort(int port) {
    return start(port, List.of(), true);
  }

  private static Started start(int port, List<String> extraArgs, boolean pingable) {
    List<String> args = new java.util.ArrayList<>(List.of("--port", String.valueOf(port)));
    args.addAll(extraArgs);
    return start(args, pingable, port);
  }

  private static boolean listens(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
