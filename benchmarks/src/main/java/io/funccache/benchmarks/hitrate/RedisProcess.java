package io.funccache.benchmarks.hitrate;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A redis-server of the benchmark's own (from the PATH, on a free loopback port, no persistence),
 * stopped when closed or when the JVM exits: a run then neither disturbs nor is disturbed by other
 * clients of a shared server. Used by {@code hitrate}, {@code hitcost} and the quick mode's
 * {@code --start-redis}.
 */
public final class RedisProcess implements AutoCloseable {
  private final Process process;
  final int port;
  final Path dir;

  private RedisProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public static RedisProcess start() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path dir = Files.createTempDirectory("funccache-hitrate-redis");
    String binary = System.getenv().getOrDefault("FUNCCACHE_TEST_SERVER", "redis-server");
    Process process = new ProcessBuilder(List.of(binary, "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()))
        .redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "redis.log")).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "hitrate-redis-stop"));
    for (int i = 0; i < 100; i++) {
      if (answersPing(port)) {
        return new RedisProcess(process, port, dir);
      }
      if (!process.isAlive()) {
        break;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroy();
    throw new IOException(binary + " did not answer on port " + port + "; see "
        + dir.resolve("redis.log"));
  }

  static boolean answersPing(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
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

  @Override
  public void close() {
    process.destroy();
  }
}
