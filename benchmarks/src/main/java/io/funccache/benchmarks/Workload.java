package io.funccache.benchmarks;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One thing the paired mode measures: a target's data set doing one scenario, the same operations
 * as {@link CacheBenchmark}'s (plus the near cache's two). Shared by the groups of both thread
 * counts, so a put-at-capacity ring goes on where the previous group left it.
 */
final class Workload {
  /** Redis commands each kind of target issues; the others in commandstats are not its own. */
  static final String[] RBUCKET_COMMANDS = {"get", "set", "mget", "mset"};
  static final String[] SCRIPT_COMMANDS = {"eval", "evalsha", "eval_ro", "evalsha_ro"};
  static final String[] FUNCCACHE_COMMANDS = {"fcall", "fcall_ro", "evalsha", "eval"};

  final String target;
  final String scenario;
  final int valueSize;
  final Store store;
  /** Key range: entries preloaded (reads) or written (puts). */
  final long n;
  final byte[] value;
  final String[] commands;
  private final long capBase;
  private final long capRing;
  private final AtomicLong capCounter = new AtomicLong();
  private final Zipf zipf;

  Workload(String target, String scenario, int valueSize, Store store, long n, long capacity,
      byte[] value, String[] commands) {
    this.target = target;
    this.scenario = scenario;
    this.valueSize = valueSize;
    this.store = store;
    this.n = n;
    this.value = value;
    this.commands = commands;
    this.capBase = capacity;
    this.capRing = 2 * capacity;
    this.zipf = scenario.equals("mixed") ? Zipf.of((int) n) : null;
  }

  String label() {
    return target + " " + scenario;
  }

  /** The Redis commands of a target id (as {@link Target} parses it). */
  static String[] commandsOf(Target.Kind kind) {
    return switch (kind) {
      case RBUCKET -> RBUCKET_COMMANDS;
      case RJCACHE -> SCRIPT_COMMANDS;
      case FUNCCACHE, FUNCTION_FLOOR -> FUNCCACHE_COMMANDS;
    };
  }

  /** One operation; false when a read that must hit missed. */
  boolean run(ThreadLocalRandom random) {
    switch (scenario) {
      case "getHit", "nearHit", "remoteHit" -> {
        return store.get(store.key(random.nextLong(n))) != null;
      }
      case "getMiss" -> {
        store.get(store.key(-1 - random.nextLong(1L << 40)));
        return true;
      }
      case "put" -> {
        store.put(store.key(random.nextLong(n)), value);
        return true;
      }
      case "putAtCapacity" -> {
        // Keys above the cache's capacity first, then round a ring of twice the capacity: every
        // put adds a key that is not in the full cache, so every put evicts one entry.
        long i = capBase + capCounter.getAndIncrement();
        store.put(store.key(i % capRing), value);
        return true;
      }
      case "getAll100" -> {
        long start = random.nextLong(n);
        Set<String> keys = new LinkedHashSet<>(128);
        for (int j = 0; j < 100; j++) {
          keys.add(store.key((start + j) % n));
        }
        return store.getAll(keys).size() == 100;
      }
      case "putAll100" -> {
        long start = random.nextLong(n);
        Map<String, byte[]> entries = new HashMap<>(256);
        for (int j = 0; j < 100; j++) {
          entries.put(store.key((start + j) % n), value);
        }
        store.putAll(entries);
        return true;
      }
      case "mixed" -> {
        String key = store.key(zipf.sample(random));
        if (random.nextInt(5) == 0) {
          store.put(key, value);
          return true;
        }
        return store.get(key) != null;
      }
      default -> throw new IllegalStateException("unknown scenario " + scenario);
    }
  }
}
