package io.funccache.examples.quickstart;

import io.funccache.config.ConfigLoader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * Makes sure the quickstart has a Redis: the configured one ({@code funccache.redis.url} or
 * {@code FUNCCACHE_REDIS_URL}, else 127.0.0.1:6379) when it answers, else a {@code redis-server}
 * from the PATH started for this run on a free port, else the embedded Redis server jar.
 */
final class LocalRedis {
  private static Process process;
  private static redis.embedded.RedisServer embedded;

  private LocalRedis() {}

  static void ensureRunning(PrintStream out) {
    URI configured = configured();
    int port = configured.getPort() < 0 ? 6379 : configured.getPort();
    if (answersPing(configured.getHost(), port)) {
      out.println("Using Redis at " + configured.getHost() + ":" + port);
      return;
    }
    try {
      int free = freePort();
      if (startFromPath(free)) {
        out.println("No Redis answered at " + configured.getHost() + ":" + port
            + "; started redis-server from the PATH on 127.0.0.1:" + free + " for this run");
      } else {
        embedded = new redis.embedded.RedisServer(free);
        embedded.start();
        out.println("No Redis answered at " + configured.getHost() + ":" + port
            + " and no redis-server is on the PATH; started an embedded Redis on 127.0.0.1:" + free
            + " for this run");
      }
      System.setProperty(ConfigLoader.URL_PROPERTY, "redis://127.0.0.1:" + free);
    } catch (IOException e) {
      throw new IllegalStateException("No Redis answered at " + configured
          + " and none could be started: " + e.getMessage(), e);
    }
  }

  static void stopIfStarted() {
    if (process != null) {
      process.destroy();
    }
    if (embedded != null) {
      try {
        embedded.stop();
      } catch (IOException e) {
        // The run is over; a server that will not stop dies with the JVM.
      }
    }
  }

  private static URI configured() {
    String url = System.getProperty(ConfigLoader.URL_PROPERTY);
    if (url == null || url.isBlank()) {
      url = System.getenv(ConfigLoader.URL_ENVIRONMENT);
    }
    URI uri = URI.create(url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url);
    return uri.getHost() == null ? URI.create("redis://127.0.0.1:6379") : uri;
  }

  private static boolean startFromPath(int port) throws IOException {
    File dir = Files.createTempDirectory("funccache-quickstart").toFile();
    try {
      process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"))
          .directory(dir).redirectErrorStream(true)
          .redirectOutput(new File(dir, "redis.log")).start();
    } catch (IOException notOnPath) {
      return false;
    }
    for (int i = 0; i < 100; i++) {
      if (answersPing("127.0.0.1", port)) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    process.destroy();
    return false;
  }

  static boolean answersPing(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(5);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
