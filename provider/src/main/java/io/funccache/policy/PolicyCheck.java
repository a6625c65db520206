package io.funccache.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;

/**
 * Checks a policy's Lua against its {@link PolicyModel}: random get, getAll, put, putAll and remove
 * on a small key space, through a real cache (the scripts in Redis, not a model of them), with the
 * cache's exact membership compared with the model's after every operation. Membership is read
 * with {@code containsKey}, which is not a use, so checking changes no policy state.
 *
 * <pre>{@code
 * Cache<String, String> cache = manager.createCache("check", new RedisCacheConfiguration<String, String>()
 *     .setTypes(String.class, String.class).setPolicy("HYPERBOLIC").setMaxSize(5));
 * PolicyCheck.of(cache, new HyperbolicModel(5)).operations(2_000).run();
 * }</pre>
 *
 * The cache must start empty, eternal (no expiry), with the model's maximum size, and be used by
 * nothing else while the check runs.
 */
public final class PolicyCheck {
  private final Cache<String, String> cache;
  private final PolicyModel model;
  private int operations = 1_500;
  private int keySpace = 12;
  private long seed = 7;

  private PolicyCheck(Cache<String, String> cache, PolicyModel model) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.model = Objects.requireNonNull(model, "model");
  }

  public static PolicyCheck of(Cache<String, String> cache, PolicyModel model) {
    return new PolicyCheck(cache, model);
  }

  public PolicyCheck operations(int operations) {
    if (operations < 1) {
      throw new IllegalArgumentException("operations must be positive: " + operations);
    }
    this.operations = operations;
    return this;
  }

  /** Keys k0 .. k(keySpace - 1); a few more than the cache holds make evictions frequent. */
  public PolicyCheck keySpace(int keySpace) {
    if (keySpace < 2) {
      throw new IllegalArgumentException("keySpace must be at least 2: " + keySpace);
    }
    this.keySpace = keySpace;
    return this;
  }

  public PolicyCheck seed(long seed) {
    this.seed = seed;
    return this;
  }

  /**
   * Runs the sequence. Returns the number of hits seen; throws {@link AssertionError} at the
   * first step where the cache and the model differ, naming the step and both memberships.
   */
  public int run() {
    Random random = new Random(seed);
    int hits = 0;
    for (int i = 0; i < operations; i++) {
      String key = "k" + random.nextInt(keySpace);
      int op = random.nextInt(10);
      String step = "step " + i + " of cache '" + cache.getName() + "'";
      if (op < 3) {
        boolean hit = cache.get(key) != null;
        same(model.get(key), hit, step + ": get " + key + " hit");
        hits += hit ? 1 : 0;
      } else if (op < 4) {
        List<String> batch = batch(key, random);
        Map<String, String> found = cache.getAll(new LinkedHashSet<>(batch));
        List<Boolean> expected = model.getAll(batch);
        for (int k = 0; k < batch.size(); k++) {
          same(expected.get(k), found.containsKey(batch.get(k)),
              step + ": getAll " + batch + " hit at " + batch.get(k));
        }
      } else if (op < 8) {
        cache.put(key, "v" + i);
        model.put(key);
      } else if (op < 9) {
        List<String> batch = batch(key, random);
        Map<String, String> values = new LinkedHashMap<>();
        batch.forEach(k -> values.put(k, "v" + k));
        cache.putAll(values);
        model.putAll(batch);
      } else {
        cache.remove(key);
        model.remove(key);
      }
      Set<String> actual = new TreeSet<>();
      for (int k = 0; k < keySpace; k++) {
        if (cache.containsKey("k" + k)) {
          actual.add("k" + k);
        }
      }
      if (!actual.equals(model.keys())) {
        throw new AssertionError(step + ": the cache holds " + actual + ", the model "
            + model.keys());
      }
    }
    return hits;
  }

  private List<String> batch(String key, Random random) {
    return new ArrayList<>(new LinkedHashSet<>(List.of(key, "k" + random.nextInt(keySpace),
        "k" + random.nextInt(keySpace))));
  }

  private static void same(boolean expected, boolean actual, String what) {
    if (expected != actual) {
      throw new AssertionError(what + ": the model says " + expected + ", the cache " + actual);
    }
  }
}
