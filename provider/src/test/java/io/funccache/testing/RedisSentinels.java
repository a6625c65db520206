package io.funccache.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One master, one replica and three sentinels watching them (master name {@code mymaster}),
 * started from redis-server on free loopback ports for a test class.
 */
public final class RedisSentinels implements AutoCloseable {
  public static final String MASTER = "mymaster";

  private final List<Process> processes = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();
  private int masterPort;
  private int replicaPort;
  private Process master;

  public static RedisSentinels start() {
    RedisSentinels s = new RedisSentinels();
    try {
      Path dir = Files.createTempDirectory("funccache-sentinel");
      s.masterPort = RedisServer.freePort();
      s.replicaPort = RedisServer.freePort();
      s.master = s.server(dir, s.masterPort, List.of());
      s.server(dir, s.replicaPort, List.of("--replicaof", "127.0.0.1", String.valueOf(s.masterPort)));
      for (int i = 0; i < 3; i++) {
        int port = RedisServer.freePort();
        Path conf = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(conf, String.join("\n",
            "port " + port,
            "bind 127.0.0.1",
            "sentinel monitor " + MASTER + " 127.0.0.1 " + s.masterPort + " 2",
            "sentinel down-after-milliseconds " + MASTER + " 1000",
            "sentinel failover-timeout " + MASTER + " 5000",
            "sentinel parallel-syncs " + MASTER + " 1", ""));
        s.processes.add(new ProcessBuilder(List.of(RedisServer.binary(), conf.toString(), "--sentinel"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sentinel-" + port + ".log").toFile()).start());
        s.sentinelPorts.add(port);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(s::close));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!s.ready()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("sentinels did not see master and replica in 30 s");
        }
        Thread.sleep(200);
      }
      return s;
    } catch (IOException e) {
      s.close();
      throw new IllegalStateException("could not start sentinels from redis-server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.close();
      throw new IllegalStateException(e);
    }
  }

  private Process server(Path dir, int port, List<String> extra) throws IOException {
    Path own = Files.createDirectories(dir.resolve("redis-" + port));
    List<String> command = new ArrayList<>(List.of(RedisServer.binary(), "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", own.toString()));
    command.addAll(extra);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
    processes.add(process);
    return process;
  }

  private boolean ready() {
    if (!RedisServer.answersPing("127.0.0.1", replicaPort)
        || !RedisCluster.cli(replicaPort, "INFO", "replication").contains("master_link_status:up")) {
      return false;
    }
    for (int port : sentinelPorts) {
      if (!RedisServer.answersPing("127.0.0.1", port)) {
        return false;
      }
      String replicas = RedisCluster.cli(port, "SENTINEL", "REPLICAS", MASTER);
      String sentinels = RedisCluster.cli(port, "SENTINEL", "SENTINELS", MASTER);
      if (!replicas.contains(String.valueOf(replicaPort)) || countLines(sentinels, "name") < 2) {
        return false;
      }
    }
    return true;
  }

  private static int countLines(String text, String word) {
    return (int) text.lines().filter(l -> l.trim().equals(word)).count();
  }

  public URI uri(String options) {
    return URI.create("redis-sentinel://" + sentinelPorts.stream().map(p -> "127.0.0.1:" + p)
        .collect(Collectors.joining(",")) + "/" + MASTER + (options == null ? "" : "?" + options));
  }

  public int masterPort() {
    return masterPort;
  }

  /** The port the sentinels currently name as master. */
  public int currentMasterPort() {
    String reply = RedisCluster.cli(sentinelPorts.get(0), "SENTINEL",
        "GET-MASTER-ADDR-BY-NAME", MASTER);
    String[] lines = reply.trim().split("\n");
    return Integer.parseInt(lines[lines.length - 1].trim());
  }

  /** Waits until the replica has every write the master acknowledged (Redis replicates async). */
  public void awaitReplication() {
    String acked = RedisCluster.cli(masterPort, "WAIT", "1", "5000").trim();
    if (!acked.equals("1")) {
      throw new IllegalStateException("the replica did not catch up: WAIT answered " + acked);
    }
  }

  public void killMaster() throws InterruptedException {
    master.destroyForcibly();
    master.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void close() {
    processes.forEach(Process::destroyForcibly);
  }
}
