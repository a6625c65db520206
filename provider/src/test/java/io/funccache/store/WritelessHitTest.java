package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisCluster;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A hit that changes no policy state writes nothing (S3FIFO: frequency at 3; SIEVE: bit set), seen
 * on a server of the test's own: no write command runs in the call (INFO commandstats) and the
 * dataset does not change (rdb_changes_since_last_save). The uses before saturation, and an LRU
 * hit, show what a write looks like there.
 */
class WritelessHitTest {
  /**
   * Commands that change nothing; anything else that runs in a call counts as a write. Redis 6.2
   * reports subcommands under their command (script, not script|load: Redisson loading the scripts).
   */
  private static final Set<String> READS = Set.of("hget", "hmget", "hexists", "hlen", "zscore",
      "zmscore", "zrange", "zrangebyscore", "zcount", "zcard", "exists", "time", "fcall",
      "fcall_ro", "evalsha", "eval", "ping", "info", "config|resetstat", "config", "function|load",
      "function|list", "script|load", "script", "hello", "client|setname", "client|setinfo", "select");

  private static RedisServer.Started server;
  private static RedisInspector redis;

  @BeforeAll
  static void start() {
    server = RedisServer.start(List.of(), true);
    redis = new RedisInspector(URI.create("redis://127.0.0.1:" + server.port()));
  }

  @AfterAll
  static void stop() {
    redis.close();
    server.close();
  }

  @ParameterizedTest
  @CsvSource({"S3FIFO, true", "S3FIFO, false", "SIEVE, true", "SIEVE, false"})
  void aHitThatChangesNoStateWritesNothing(EvictionPolicy policy, boolean functions) {
    CacheStore store = store(policy, functions);
    try {
      put(store, "k");
      int writingUses = policy == EvictionPolicy.S3FIFO ? 3 : 1; // frequency 0 -> 3; bit 0 -> 1
      for (int i = 1; i <= writingUses; i++) {
        Activity use = Activity.during(() -> get(store, "k"));
        assertEquals(1, use.changes(), policy + " use " + i + ": " + use);
        assertEquals(Set.of("zadd"), use.writes(), policy + " use " + i);
      }
      for (int i = 0; i < 3; i++) {
        Activity hit = Activity.during(() -> get(store, "k"));
        assertEquals(Set.of(), hit.writes(), policy + " saturated hit: " + hit);
        assertEquals(0, hit.changes(), policy + " saturated hit: " + hit);
        assertTrue(hit.commands().contains("hget"), "the hit read the value: " + hit);
      }
      Activity batch = Activity.during(() -> store.getAll(List.of(bytes("k"), bytes("absent")),
          ExpiryCodes.KEEP));
      assertEquals(Set.of(), batch.writes(), policy + " saturated getAll: " + batch);
      assertEquals(0, batch.changes(), policy + " saturated getAll: " + batch);
    } finally {
      store.destroy();
    }
  }

  @Test
  void anLruHitWritesTheSequenceAndTheScore() {
    CacheStore store = store(EvictionPolicy.LRU, true);
    try {
      put(store, "k");
      Activity hit = Activity.during(() -> get(store, "k"));
      assertEquals(Set.of("hincrby", "zadd"), hit.writes(), hit.toString());
      assertEquals(2, hit.changes(), hit.toString());
    } finally {
      store.destroy();
    }
  }

  private static CacheStore store(EvictionPolicy policy, boolean functions) {
    CacheKeys keys = CacheKeys.of("funccache:", "writeless-" + UUID.randomUUID(), policy.name());
    return new CacheStore("writeless", keys, new ScriptRunner(redis.client(), "test", functions),
        policy, 10, 0, new MutableClock(1_000_000), "writeless-test");
  }

  private static void put(CacheStore store, String key) {
    store.put(PutMode.PUT, bytes(key), bytes("v"), null, ExpiryCodes.ETERNAL, ExpiryCodes.KEEP,
        ExpiryCodes.KEEP, false);
  }

  private static void get(CacheStore store, String key) {
    assertTrue(store.get(bytes(key), ExpiryCodes.KEEP).value() != null, key + " must be a hit");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The commands one action ran on the server, and how many changes it made to the dataset. */
  record Activity(Set<String> commands, long changes) {
    private static final Pattern STAT = Pattern.compile("cmdstat_([a-z_|]+):calls=(\\d+)");

    static Activity during(Runnable action) {
      long before = dirty();
      RedisCluster.cli(server.port(), "CONFIG", "RESETSTAT");
      action.run();
      String stats = RedisCluster.cli(server.port(), "INFO", "commandstats");
      long changes = dirty() - before;
      Set<String> commands = new TreeSet<>();
      Matcher m = STAT.matcher(stats);
      while (m.find()) {
        if (Long.parseLong(m.group(2)) > 0) {
          commands.add(m.group(1));
        }
      }
      commands.remove("info");
      return new Activity(commands, changes);
    }

    Set<String> writes() {
      Set<String> writes = new TreeSet<>(commands);
      writes.removeAll(READS);
      return writes;
    }

    private static long dirty() {
      Matcher m = Pattern.compile("rdb_changes_since_last_save:(\\d+)")
          .matcher(RedisCluster.cli(server.port(), "INFO", "persistence"));
      assertTrue(m.find(), "INFO persistence has no rdb_changes_since_last_save");
      return Long.parseLong(m.group(1));
    }
  }
}
