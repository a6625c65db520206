package io.funccache.benchmarks.hitrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

class CommandStatsTest {
  @Test
  void parsesRedis7FieldsAndIgnoresOtherKeys() {
    CommandStats s = CommandStats.parse(Map.of(
        "cmdstat_get", "calls=12,usec=30,usec_per_call=2.50,rejected_calls=0,failed_calls=1",
        "cmdstat_fcall", "calls=4,usec=400,usec_per_call=100.00",
        "cmdstat_client|setname", "calls=2,usec=1,usec_per_call=0.50",
        "redis_version", "7.0.15"));
    assertEquals(12, s.calls("get"));
    assertEquals(30, s.usec("get"));
    assertEquals(4, s.calls("fcall"));
    assertEquals(2, s.calls("client|setname"));
    assertEquals(0, s.calls("evalsha"));
    assertEquals(0, s.usec("redis_version"));
  }

  @Test
  void sinceSumsTheGivenCommandsAndCountsAnAbsentOneAsZero() {
    CommandStats before = CommandStats.parse(Map.of("cmdstat_fcall", "calls=4,usec=400"));
    CommandStats after = CommandStats.parse(Map.of(
        "cmdstat_fcall", "calls=10,usec=1000", "cmdstat_fcall_ro", "calls=3,usec=60",
        "cmdstat_get", "calls=100,usec=100"));
    assertArrayEquals(new long[] {9, 660}, after.since(before, "fcall", "fcall_ro", "evalsha"));
  }

  /** Against the real Redis, in a key namespace of its own: our GETs show in the delta. */
  @Test
  void aDeltaOfRealCommandstatsCountsOurCalls() {
    Config config = new Config();
    config.useSingleServer().setAddress(TestRedis.url()).setConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionMinimumIdleSize(0);
    RedissonClient redisson = Redisson.create(config);
    String key = "commandstats-test-" + UUID.randomUUID();
    try {
      RedisNode node = redisson.getRedisNodes(RedisNodes.SINGLE).getInstance();
      redisson.getBucket(key, StringCodec.INSTANCE).set("v");
      CommandStats before = CommandStats.parse(node.info(RedisNode.InfoSection.COMMANDSTATS));
      for (int i = 0; i < 50; i++) {
        assertEquals("v", redisson.getBucket(key, StringCodec.INSTANCE).get());
      }
      CommandStats after = CommandStats.parse(node.info(RedisNode.InfoSection.COMMANDSTATS));
      long[] delta = after.since(before, "get");
      assertTrue(delta[0] >= 50, "calls " + delta[0]);   // others' GETs may add to it
      assertTrue(delta[1] >= 0, "usec " + delta[1]);
    } finally {
      redisson.getKeys().delete(key);
      redisson.shutdown();
    }
  }
}
