package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.store.models.LfuModel;
import io.funccache.store.models.S3FifoModel;
import io.funccache.store.models.SieveModel;
import io.funccache.store.models.TinyLfuModel;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisInspector;
import io.funccache.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each policy's scripts against an in-memory reference model: random get/put/remove sequences on
 * a small cache, with the exact membership compared after every operation.
 */
public class PolicyModelTest {
  private static final int OPERATIONS = 1_500;
  private static final int MAX_SIZE = 5;
  private static final int KEY_SPACE = 12;

  private static RedisInspector redis;

  @BeforeAll
  static void connect() {
    redis = new RedisInspector(RedisServer.uri());
  }

  @AfterAll
  static void disconnect() {
    redis.close();
  }

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void scriptsMatchTheReferenceModel(EvictionPolicy policy) {
    checkAgainstTheModel(redis, policy);
  }

  /** The same sequence with the operations sent as scripts (EVALSHA), as on Redis 6. */
  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void scriptsMatchTheReferenceModelWithoutFunctions(EvictionPolicy policy) {
    checkAgainstTheModel(redis, policy, new ScriptRunner(redis.client(), "test", false));
  }

  /** Runs the random sequence for one policy on the Redis behind {@code redis}. */
  public static void checkAgainstTheModel(RedisInspector redis, EvictionPolicy policy) {
    checkAgainstTheModel(redis, policy, new ScriptRunner(redis.client(), "test"));
  }

  private static void checkAgainstTheModel(RedisInspector redis, EvictionPolicy policy,
      ScriptRunner runner) {
    CacheKeys keys = CacheKeys.of("funccache:", "model-" + UUID.randomUUID(), policy.name());
    MutableClock clock = new MutableClock(1_000_000);
    CacheStore store = new CacheStore("model", keys, runner, policy, MAX_SIZE, 0, clock,
        "model-test");
    PolicyModel model = modelOf(policy, MAX_SIZE);
    Set<String> everPut = new HashSet<>();
    Random random = new Random(policy.ordinal() * 31L + 7);
    try {
      for (int i = 0; i < OPERATIONS; i++) {
        clock.advance(1);
        String key = "k" + random.nextInt(KEY_SPACE);
        int op = random.nextInt(10);
        String step = "step " + i + " (" + policy + ")";
        if (op < 3) {
          byte[] value = store.get(bytes(key), ExpiryCodes.KEEP).value();
          if (policy != EvictionPolicy.RR) {
            assertEquals(model.get(key), value != null, step + " get " + key);
          }
        } else if (op < 4) {
          List<String> batch = new ArrayList<>(new LinkedHashSet<>(List.of(key,
              "k" + random.nextInt(KEY_SPACE), "k" + random.nextInt(KEY_SPACE))));
          List<byte[]> values = store.getAll(
              batch.stream().map(PolicyModelTest::bytes).toList(), ExpiryCodes.KEEP).values();
          List<Boolean> expected = model.getAll(batch);
          for (int k = 0; k < batch.size(); k++) {
            if (policy != EvictionPolicy.RR) {
              assertEquals(expected.get(k), values.get(k) != null,
                  step + " getAll " + batch + " at " + batch.get(k));
            }
          }
        } else if (op < 8) {
          store.put(PutMode.PUT, bytes(key), bytes("v" + i), null, ExpiryCodes.ETERNAL,
              ExpiryCodes.KEEP, ExpiryCodes.KEEP, false);
          model.put(key);
          everPut.add(key);
        } else if (op < 9) {
          List<String> batch = new ArrayList<>(new LinkedHashSet<>(List.of(key,
              "k" + random.nextInt(KEY_SPACE), "k" + random.nextInt(KEY_SPACE))));
          store.putAll(batch.stream().map(PolicyModelTest::bytes).toList(),
              batch.stream().map(k -> bytes("v" + k)).toList(), ExpiryCodes.ETERNAL,
              ExpiryCodes.KEEP, i % 2 == 0);
          model.putAll(batch);
          everPut.addAll(batch);
        } else {
          store.remove(bytes(key), null, ExpiryCodes.KEEP, false);
          model.remove(key);
          everPut.remove(key);
        }
        Set<String> actual = redis.assertInvariants(keys, MAX_SIZE).values();
        if (policy == EvictionPolicy.RR) {
          assertTrue(everPut.containsAll(actual), step + ": " + actual + " vs put " + everPut);
          ((ReferenceModel) model).resetTo(actual);
        } else {
          assertEquals(model.keys(), actual, step);
        }
      }
    } finally {
      store.destroy();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The reference model of a built-in policy. */
  static PolicyModel modelOf(EvictionPolicy policy, int maxSize) {
    return switch (policy) {
      case LFU -> new LfuModel(maxSize);
      case S3FIFO -> new S3FifoModel(maxSize);
      case SIEVE -> new SieveModel(maxSize);
      case TINYLFU -> new TinyLfuModel(maxSize);
      default -> new ReferenceModel(policy, maxSize);
    };
  }

  /** The classic policies (LRU, LRU_T, FIFO, MRU, RR) of design.md, in plain Java. */
  static final class ReferenceModel implements PolicyModel {
    private final EvictionPolicy policy;
    private final int maxSize;
    private final Map<String, long[]> entries = new HashMap<>(); // key -> {count, recency}
    private long sequence;

    ReferenceModel(EvictionPolicy policy, int maxSize) {
      this.policy = policy;
      this.maxSize = maxSize;
    }

    @Override
    public boolean get(String key) {
      long[] e = entries.get(key);
      if (e == null) {
        return false;
      }
      switch (policy) {
        case LRU, LRU_T, MRU -> e[1] = ++sequence;
        case LFU -> {
          e[0]++;
          e[1] = ++sequence;
        }
        default -> { }
      }
      return true;
    }

    /** Hits in order, as single gets; except that LRU_T stamps them all with one clock reading. */
    @Override
    public List<Boolean> getAll(List<String> keys) {
      List<Boolean> hits = new ArrayList<>();
      long now = policy == EvictionPolicy.LRU_T ? ++sequence : 0;
      for (String key : keys) {
        if (policy == EvictionPolicy.LRU_T) {
          long[] e = entries.get(key);
          if (e != null) {
            e[1] = now;
          }
          hits.add(e != null);
        } else {
          hits.add(get(key));
        }
      }
      return hits;
    }

    @Override
    public void put(String key) {
      put(key, ++sequence);
    }

    /** Puts in order, as single puts; except that LRU_T stamps them all with one clock reading. */
    @Override
    public void putAll(List<String> keys) {
      long now = ++sequence;
      for (String key : keys) {
        put(key, policy == EvictionPolicy.LRU_T ? now : ++sequence);
      }
    }

    private void put(String key, long recency) {
      long[] e = entries.get(key);
      if (e != null) {
        if (policy == EvictionPolicy.LRU || policy == EvictionPolicy.LRU_T
            || policy == EvictionPolicy.MRU) {
          e[1] = recency;
        }
        return;
      }
      if (entries.size() >= maxSize) {
        entries.remove(victim());
      }
      entries.put(key, new long[] {1, recency});
    }

    @Override
    public void remove(String key) {
      entries.remove(key);
    }

    @Override
    public Set<String> keys() {
      return new java.util.TreeSet<>(entries.keySet());
    }

    void resetTo(Set<String> actual) {
      entries.keySet().retainAll(actual);
      for (String key : actual) {
        entries.putIfAbsent(key, new long[] {1, ++sequence});
      }
    }

    private String victim() {
      String victim = null;
      long[] best = null;
      // Redis orders equal scores by member: the first in byte order goes first (ZPOPMIN).
      for (Map.Entry<String, long[]> entry : new java.util.TreeMap<>(entries).entrySet()) {
        long[] e = entry.getValue();
        if (best == null || before(e, best)) {
          best = e;
          victim = entry.getKey();
        }
      }
      return victim;
    }

    private boolean before(long[] a, long[] b) {
      return switch (policy) {
        case MRU -> a[1] > b[1];
        case LFU -> a[0] < b[0] || (a[0] == b[0] && a[1] < b[1]);
        default -> a[1] < b[1];
      };
    }
  }
}
