package io.funccache.testing;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on loopback for a test class: {@code masters} masters with one replica
 * each, started from {@code redis-server} on free ports, joined with {@code redis-cli --cluster
 * create}, and torn down by {@link #close}.
 */
public final class RedisCluster implements AutoCloseable {
  private final Path dir;
  private final Map<Integer, Process> nodes;

  private RedisCluster(Path dir, Map<Integer, Process> nodes) {
    this.dir = dir;
    this.nodes = nodes;
  }

  public static RedisCluster start(int masters) {
    Map<Integer, Process> nodes = new LinkedHashMap<>();
    Path dir;
    try {
      dir = Files.createTempDirectory("funccache-cluster");
      for (int i = 0; i < masters * 2; i++) {
        int port = RedisServer.freePort();
        Path nodeDir = Files.createDirectories(dir.resolve(String.valueOf(port)));
        Process process = new ProcessBuilder(List.of(RedisServer.binary(), "--port",
            String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "1000", "--dir", nodeDir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(nodeDir.resolve("redis.log").toFile())
            .start();
        nodes.put(port, process);
      }
    } catch (IOException e) {
      nodes.values().forEach(Process::destroyForcibly);
      throw new IllegalStateException("could not start cluster nodes from redis-server", e);
    }
    RedisCluster cluster = new RedisCluster(dir, nodes);
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
    try {
      for (int port : nodes.keySet()) {
        cluster.awaitTrue(() -> RedisServer.answersPing("127.0.0.1", port), "node " + port);
      }
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      nodes.keySet().forEach(port -> create.add("127.0.0.1:" + port));
      create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      String out = run(create);
      if (!out.contains("[OK] All 16384 slots covered")) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
      }
      for (int port : nodes.keySet()) {
        cluster.awaitTrue(() -> cli(port, "CLUSTER", "INFO").contains("cluster_state:ok"),
            "cluster state ok on " + port);
      }
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The seed nodes as a funccache manager URI. */
  public URI uri(String options) {
    return URI.create("redis-cluster://" + nodes.keySet().stream().map(p -> "127.0.0.1:" + p)
        .collect(Collectors.joining(",")) + (options == null ? "" : "?" + options));
  }

  /** The ports of the current masters. */
  public List<Integer> masters() {
    List<Integer> masters = new ArrayList<>();
    for (int port : nodes.keySet()) {
      if (nodes.get(port).isAlive() && cli(port, "ROLE").startsWith("master")) {
        masters.add(port);
      }
    }
    return masters;
  }

  /** The port of the master that serves {@code key}'s slot. */
  public int masterOf(String key) {
    int slot = -1;
    for (int port : masters()) {
      if (slot < 0) {
        slot = Integer.parseInt(cli(port, "CLUSTER", "KEYSLOT", key).trim());
      }
      for (String line : cli(port, "CLUSTER", "NODES").split("\n")) {
        if (line.contains("myself") && servesSlot(line, slot)) {
          return port;
        }
      }
    }
    throw new IllegalStateException("no live master serves " + key);
  }

  private static boolean servesSlot(String nodesLine, int slot) {
    String[] fields = nodesLine.trim().split(" ");
    for (int i = 8; i < fields.length; i++) {
      String range = fields[i];
      if (range.startsWith("[")) {
        continue;
      }
      String[] bounds = range.split("-");
      int from = Integer.parseInt(bounds[0]);
      int to = bounds.length > 1 ? Integer.parseInt(bounds[1]) : from;
      if (slot >= from && slot <= to) {
        return true;
      }
    }
    return false;
  }

  /** Keys stored on one node. */
  public long dbSize(int port) {
    return Long.parseLong(cli(port, "DBSIZE").trim());
  }

  /** SIGKILL, as a crash. */
  public void kill(int port) {
    Process process = nodes.get(port);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static String cli(int port, String... command) {
    List<String> args = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
    args.addAll(List.of(command));
    return run(args);
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitTrue(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("timed out waiting for " + what);
  }

  @Override
  public synchronized void close() {
    nodes.values().forEach(Process::destroyForcibly);
    File root = dir.toFile();
    if (root.exists()) {
      deleteRecursively(root);
    }
  }

  private static void deleteRecursively(File file) {
    File[] children = file.listFiles();
    if (children != null) {
      for (File child : children) {
        deleteRecursively(child);
      }
    }
    file.delete();
  }
}
