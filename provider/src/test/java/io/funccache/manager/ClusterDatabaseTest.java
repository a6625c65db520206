package io.funccache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCachingProvider;
import io.funccache.config.ConfigException;
import io.funccache.config.ConfigLoader;
import io.funccache.config.RedisConnectionSettings.Topology;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster has database 0 only (Redis Cluster and services in cluster mode refuse SELECT): a
 * cluster URI asking for another fails when the manager is asked for, before any connection, with
 * a message that names the URI and the problem; in a manager URI and in a config file alike.
 */
class ClusterDatabaseTest {

  @Test
  void aClusterUriWithAnotherDatabaseFailsBeforeConnecting() throws IOException {
    try (ServerSocket seed = new ServerSocket(0)) {
      String uri = "redis-cluster://127.0.0.1:" + seed.getLocalPort() + ",127.0.0.2:7001/3";
      ConfigException e = assertThrows(ConfigException.class, () -> new RedisCachingProvider()
          .getCacheManager(URI.create(uri), getClass().getClassLoader()));
      assertTrue(e.getMessage().contains(uri) && e.getMessage().contains("database 3")
          && e.getMessage().contains("only database 0"), e.getMessage());
      assertNoConnection(seed);
    }
  }

  @Test
  void aConfigFileWithSuchAClusterUriFailsTheSameWay(@TempDir Path dir) throws IOException {
    try (ServerSocket seed = new ServerSocket(0)) {
      Path file = Files.writeString(dir.resolve("funccache.yaml"),
          "redis:\n  url: valkeys-cluster://:secret@127.0.0.1:" + seed.getLocalPort() + "/1\n");
      ConfigException e = assertThrows(ConfigException.class, () -> new RedisCachingProvider()
          .getCacheManager(file.toUri(), getClass().getClassLoader()));
      assertTrue(e.getMessage().contains("funccache.yaml") && e.getMessage().contains("database 1")
          && e.getMessage().contains("only database 0"), e.getMessage());
      assertTrue(!e.getMessage().contains("secret"), e.getMessage());
      assertNoConnection(seed);
    }
  }

  @Test
  void databaseZeroOrNoneIsAClusterUri() {
    for (String uri : new String[] {"redis-cluster://a:7000,b:7001", "redis-cluster://a:7000/0"}) {
      assertEquals(Topology.CLUSTER, ConfigLoader.load(URI.create(uri), getClass().getClassLoader(),
          null).redis().topology(), uri);
    }
  }

  /** Nobody connected to the seed node: the URI was refused before Redisson started. */
  private static void assertNoConnection(ServerSocket seed) throws IOException {
    seed.setSoTimeout(300);
    assertThrows(SocketTimeoutException.class, seed::accept, "a connection was attempted");
  }
}
