package io.funccache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.store.CacheKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.redisson.Redisson;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;

/** Reads a cache's raw structures straight from Redis, to check what the scripts left there. */
public final class RedisInspector implements AutoCloseable {
  private static final String SNAPSHOT = """
      local function members(key)
        local out = {}
        for _, m in ipairs(redis.call('ZRANGE', key, 0, -1)) do out[#out + 1] = m end
        return out
      end
      return { members(KEYS[1]), redis.call('HKEYS', KEYS[2]), members(KEYS[3]) }
      """;

  private final RedissonClient client;

  /** For {@code redis://host:port} or {@code redis-cluster://host:port,host:port}. */
  public RedisInspector(URI uri) {
    Config config = new Config();
    if (uri.getScheme().equals("redis-cluster")) {
      for (String node : uri.getRawAuthority().split(",")) {
        config.useClusterServers().addNodeAddress("redis://" + node);
      }
    } else {
      config.useSingleServer().setAddress(uri.getScheme() + "://" + uri.getHost() + ":"
          + (uri.getPort() < 0 ? 6379 : uri.getPort()));
    }
    config.setCodec(ByteArrayCodec.INSTANCE);
    this.client = Redisson.create(config);
  }

  public RedissonClient client() {
    return client;
  }

  /** Whether this server has functions (Redis 7 and later, Valkey); Redis 6.2 has not. */
  public boolean hasFunctions() {
    try {
      client.getFunction().list();
      return true;
    } catch (org.redisson.client.RedisException e) {
      if (e.getMessage() != null && e.getMessage().contains("unknown command")) {
        return false;
      }
      throw e;
    }
  }

  /** The ids in the index, the values and the deadlines, as strings. */
  public Snapshot snapshot(CacheKeys keys) {
    List<Object> reply = client.getScript(ByteArrayCodec.INSTANCE).eval(keys.index(),
        RScript.Mode.READ_WRITE, SNAPSHOT, RScript.ReturnType.LIST, // the master: replicas lag
        List.of(keys.index(), keys.values(), keys.deadlines()));
    return new Snapshot(strings(reply.get(0)), strings(reply.get(1)), strings(reply.get(2)));
  }

  /** Asserts design.md's invariants: index = values, deadlines within values, size within bound. */
  public Snapshot assertInvariants(CacheKeys keys, long maxSize) {
    Snapshot s = snapshot(keys);
    assertEquals(s.values(), s.index(), "index members must equal value fields");
    assertTrue(s.values().containsAll(s.deadlines()), "deadlines must be a subset of values");
    if (maxSize > 0) {
      assertTrue(s.values().size() <= maxSize,
          "size " + s.values().size() + " exceeds maxSize " + maxSize);
    }
    return s;
  }

  public void write(String command, Object... args) {
    client.getScript(ByteArrayCodec.INSTANCE).eval(RScript.Mode.READ_WRITE,
        "return redis.call(unpack(ARGV))", RScript.ReturnType.VALUE, List.of(),
        prepend(command, args));
  }

  private static Object[] prepend(String command, Object[] args) {
    Object[] all = new Object[args.length + 1];
    all[0] = command.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < args.length; i++) {
      all[i + 1] = args[i] instanceof byte[] b ? b : String.valueOf(args[i])
          .getBytes(StandardCharsets.UTF_8);
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> strings(Object list) {
    Set<String> out = new TreeSet<>();
    for (Object o : (List<Object>) list) {
      out.add(new String((byte[]) o, StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  @Override
  public void close() {
    client.shutdown();
  }

  /** Ids as ISO-8859-1 strings, so any bytes map one to one. */
  public record Snapshot(Set<String> index, Set<String> values, Set<String> deadlines) {}
}
