package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.EvictionPolicy;
import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.funccache.testing.CommandMonitor;
import io.funccache.testing.CommandMonitor.Command;
import io.funccache.testing.MutableClock;
import io.funccache.testing.RedisServer;
import io.funccache.testing.RespConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of managed services and cluster proxies for scripts, checked on what Redis itself
 * runs: every operation of every kind of cache is recorded with {@code MONITOR}, and for each
 * script call (FCALL, EVALSHA, EVAL) each command the script runs inside Redis touches only keys
 * the call declares in its KEYS, all of the call's keys share one cluster slot, and no call
 * declares none. The declared keys are read from each recorded call, so the check holds whatever
 * keys the scripts come to take. PUBLISH's channel is not a key (COMMAND INFO says so).
 */
class DeclaredKeysTest {
  private static final Set<String> SCRIPT_CALLS =
      Set.of("FCALL", "FCALL_RO", "EVALSHA", "EVALSHA_RO", "EVAL", "EVAL_RO");

  private static RedisServer.Started server;
  private static RespConnection admin;
  /** A cluster node of no cluster: it answers CLUSTER KEYSLOT, the slot a key belongs to. */
  private static RedisServer.Started clusterNode;
  private static RespConnection slots;
  /** Whether the server has FCALL (Redis 7 and later, Valkey); Redis 6.2 has not. */
  private static boolean functions;

  @BeforeAll
  static void start() {
    server = RedisServer.start(List.of(), true);
    admin = new RespConnection(server.port());
    clusterNode = RedisServer.start(List.of("--cluster-enabled", "yes"), true);
    slots = new RespConnection(clusterNode.port());
    functions = ((List<?>) admin.call("COMMAND", "INFO", "FCALL")).get(0) != null;
    if (functions) {
      // A user whom an ACL refuses functions: its calls go by EVALSHA, as on Redis 6.2.
      assertEquals("OK", admin.call("ACL", "SETUSER", "nofn", "on", ">nofn-pass", "~*", "&*",
          "+@all", "-fcall", "-fcall_ro", "-function"));
    }
  }

  @AfterAll
  static void stop() {
    admin.close();
    server.close();
    slots.close();
    clusterNode.close();
  }

  @Test
  void everyOperationByFunctionsTouchesOnlyTheKeysItDeclares() {
    List<ScriptCall> calls = record("redis://127.0.0.1:" + server.port());
    Set<String> kinds = kinds(calls);
    if (functions) {
      assertTrue(kinds.contains("FCALL"), "operations go by FCALL: " + kinds);
      assertFalse(kinds.contains("EVALSHA"), "no EVALSHA where functions work: " + kinds);
    } else {
      // Redis 6.2: FCALL is unknown, so the very same operations go by EVALSHA (docs/servers.md).
      assertFalse(kinds.contains("FCALL"), "a server without functions runs no FCALL: " + kinds);
      assertTrue(kinds.contains("EVALSHA"), "operations go by EVALSHA: " + kinds);
    }
    assertDeclared(calls);
  }

  @Test
  void everyOperationByEvalshaTouchesOnlyTheKeysItDeclares() {
    // With functions refused by an ACL, or on a server without them.
    String uri = functions ? "redis://nofn:nofn-pass@127.0.0.1:" + server.port()
        : "redis://127.0.0.1:" + server.port();
    List<ScriptCall> calls = record(uri);
    Set<String> kinds = kinds(calls);
    assertTrue(kinds.contains("EVALSHA"), "operations go by EVALSHA: " + kinds);
    assertFalse(kinds.contains("FCALL"), "no FCALL succeeds here: " + kinds);
    assertDeclared(calls);
  }

  /** Runs every operation on caches of every kind, recording what Redis runs meanwhile. */
  private static List<ScriptCall> record(String uri) {
    CommandMonitor monitor = new CommandMonitor(server.port());
    CacheManager manager = new RedisCachingProvider().getCacheManager(URI.create(uri),
        DeclaredKeysTest.class.getClassLoader());
    CacheManager other = new RedisCachingProvider().getCacheManager(URI.create(uri),
        DeclaredKeysTest.class.getClassLoader());
    List<Command> commands;
    try {
      for (EvictionPolicy policy : EvictionPolicy.values()) {
        everyDataOperation(manager.createCache("plain-" + policy,
            config(policy, 3).setTtl(java.time.Duration.ofHours(1))));
      }
      everyDataOperation(manager.createCache("varying-expiry",
          config(EvictionPolicy.LRU, 5).setExpiryPolicyFactory(VaryingExpiry::new)));
      everyDataOperation(manager.createCache("sharded", config(EvictionPolicy.LFU, 6).setShards(3)));
      everyDataOperation(manager.createCache("near", config(EvictionPolicy.LRU, 5)
          .setNearCacheMaxSize(10)));
      MutableClock clock = new MutableClock(System.currentTimeMillis());
      Cache<String, String> clocked = manager.createCache("clocked", config(EvictionPolicy.LRU, 5)
          .setClock(clock).setExpiryPolicyFactory(VaryingExpiry::new));
      everyDataOperation(clocked);
      clock.advance(TimeUnit.HOURS.toMillis(3)); // every entry expires: the sweep and its events
      clocked.put("after", "expiry");
      clocked.get("a");

      Cache<String, String> loading = manager.createCache("loading", config(EvictionPolicy.LRU, 5)
          .setSingleFlight(true).setReadThrough(true)
          .setCacheLoaderFactory(FactoryBuilder.factoryOf(new Loader())));
      loading.get("computed"); // a miss: lease, load, store, release
      loading.get("computed");
      loading.getAll(Set.of("x", "y", "computed"));
      loading.invoke("processed", (entry, args) -> {
        entry.setValue("by-processor");
        return null;
      });

      // Redis lost a cache's index (as allkeys-* eviction can): the repair samples the values.
      Cache<String, String> repaired = manager.createCache("repaired", config(EvictionPolicy.LRU, 3));
      repaired.putAll(Map.of("a", "1", "b", "2", "c", "3"));
      admin.call("UNLINK", CacheKeys.of("funccache:", "default", "repaired").index());
      repaired.put("d", "4");

      // Another manager binds a full cache with another policy and a smaller bound: the
      // entries are re-scored and the excess evicted.
      manager.getCache("plain-LRU", String.class, String.class)
          .putAll(Map.of("x", "1", "y", "2", "z", "3"));
      Cache<String, String> changed = other.createCache("plain-LRU", config(EvictionPolicy.LFU, 2));
      changed.put("again", "1");
      changed.get("again");

      for (String name : new ArrayList<>(toList(manager.getCacheNames()))) {
        manager.destroyCache(name);
      }
      other.destroyCache("plain-LRU");
    } finally {
      manager.close();
      other.close();
      commands = monitor.stop();
    }
    List<ScriptCall> calls = group(commands);
    assertTrue(calls.size() > 100, calls.size() + " script calls recorded");
    assertEveryOperationSeen(calls);
    assertEveryCommandSeen(calls);
    return calls;
  }

  /**
   * Every Redis command the scripts' code names ran at least once, so that each was checked: a
   * command in a new code path needs an operation here that reaches it.
   */
  private static void assertEveryCommandSeen(List<ScriptCall> calls) {
    Set<String> named = new TreeSet<>();
    java.util.regex.Matcher call = java.util.regex.Pattern
        .compile("redis\\.p?call\\('([A-Za-z_]+)'").matcher(Script.library());
    while (call.find()) {
      named.add(call.group(1).toUpperCase(java.util.Locale.ROOT));
    }
    Set<String> ran = new TreeSet<>();
    calls.forEach(c -> c.inside().forEach(command -> ran.add(command.name())));
    named.removeAll(ran);
    assertTrue(named.isEmpty(), "commands in the scripts that no operation here ran: " + named);
  }

  private static RedisCacheConfiguration<String, String> config(EvictionPolicy policy,
      long maxSize) {
    RedisCacheConfiguration<String, String> config = new RedisCacheConfiguration<>();
    return config.setTypes(String.class, String.class).setPolicy(policy).setMaxSize(maxSize);
  }

  /**
   * Every data operation of {@link Cache}, on a cache of maxSize 2 or more; a listener first (the
   * scripts then publish), on a few caches only: each costs a subscription.
   */
  private static void everyDataOperation(Cache<String, String> cache) {
    if (Set.of("plain-LRU", "sharded", "clocked").contains(cache.getName())) {
      cache.registerCacheEntryListener(new MutableCacheEntryListenerConfiguration<>(
          FactoryBuilder.factoryOf(new CreatedListener()), null, true, true));
    }
    for (String key : List.of("a", "b", "c", "d", "e", "f", "g")) {
      cache.put(key, "v-" + key); // past the bound: evictions
    }
    cache.get("g");
    cache.get("missing");
    cache.containsKey("g");
    cache.putIfAbsent("h", "v-h");
    cache.replace("h", "w-h");
    cache.replace("h", "w-h", "x-h");
    cache.getAndPut("h", "y-h");
    cache.getAndReplace("h", "z-h");
    Map<String, String> batch = new HashMap<>();
    for (int i = 0; i < 8; i++) {
      batch.put("batch-" + i, "b" + i);
    }
    cache.putAll(batch);
    cache.getAll(Set.of("batch-6", "batch-7", "h", "missing"));
    cache.invoke("h", (entry, args) -> entry.getValue());
    cache.invoke("invoked", (entry, args) -> {
      entry.setValue("by-processor");
      return null;
    });
    cache.invokeAll(Set.of("batch-7", "i"), (EntryProcessor<String, String, Object>)
        (entry, args) -> {
          entry.setValue("all");
          return null;
        });
    for (Iterator<Cache.Entry<String, String>> it = cache.iterator(); it.hasNext(); ) {
      it.next();
    }
    cache.remove("batch-7", "not-its-value");
    cache.remove("batch-7", "all");
    cache.getAndRemove("h");
    cache.remove("i");
    cache.removeAll(Set.of("batch-6", "invoked"));
    cache.putAll(batch);
    cache.removeAll();
    cache.put("a", "v-a");
    cache.clear();
    cache.put("a", "v-a");
  }

  private static <T> List<T> toList(Iterable<T> items) {
    List<T> list = new ArrayList<>();
    items.forEach(list::add);
    return list;
  }

  /** A script call as MONITOR showed it, and the commands it ran inside Redis. */
  record ScriptCall(Command call, List<Command> inside) {
    /** The call's KEYS: FCALL/EVALSHA/EVAL name-or-script numkeys key... arg... */
    List<String> declaredKeys() {
      int count = Integer.parseInt(call.args().get(2));
      return call.args().subList(3, 3 + count);
    }

    String kind() {
      return call.name().replace("_RO", "");
    }
  }

  /**
   * Puts each script's commands with its call. Redis runs one script at a time and shows its call
   * before the commands the script runs, so those follow their call with nothing in between.
   */
  static List<ScriptCall> group(List<Command> commands) {
    List<ScriptCall> calls = new ArrayList<>();
    ScriptCall open = null;
    for (Command command : commands) {
      if (SCRIPT_CALLS.contains(command.name()) && !command.fromScript()) {
        open = new ScriptCall(command, new ArrayList<>());
        calls.add(open);
      } else if (command.fromScript()) {
        assertTrue(open != null, "a script's command with no call before it: " + command);
        open.inside().add(command);
      } else {
        open = null;
      }
    }
    return calls;
  }

  private static Set<String> kinds(List<ScriptCall> calls) {
    Set<String> kinds = new TreeSet<>();
    calls.forEach(call -> kinds.add(call.kind()));
    return kinds;
  }

  /** Which of funccache's operations a call runs (null for another script). */
  private static Script operation(ScriptCall call) {
    String target = call.call().args().get(1);
    for (Script script : Script.values()) {
      boolean matches = switch (call.kind()) {
        case "FCALL" -> target.equals(script.function());
        case "EVALSHA" -> target.equalsIgnoreCase(script.sha(true))
            || target.equalsIgnoreCase(script.sha(false));
        default -> target.equals(script.source(true)) || target.equals(script.source(false));
      };
      if (matches) {
        return script;
      }
    }
    return null;
  }

  /** The recording covers every operation funccache has: a new one must be added here too. */
  private static void assertEveryOperationSeen(List<ScriptCall> calls) {
    Set<Script> seen = EnumSet.noneOf(Script.class);
    for (ScriptCall call : calls) {
      Script script = operation(call);
      if (script != null) {
        seen.add(script);
      }
    }
    Set<Script> missing = EnumSet.complementOf(EnumSet.copyOf(seen));
    assertTrue(missing.isEmpty(), "operations never run by this test: " + missing);
  }

  private static void assertDeclared(List<ScriptCall> calls) {
    Map<String, Integer> kinds = new java.util.TreeMap<>();
    Set<String> inside = new TreeSet<>();
    int commands = 0;
    for (ScriptCall call : calls) {
      kinds.merge(call.kind(), 1, Integer::sum);
      call.inside().forEach(command -> inside.add(command.name()));
      commands += call.inside().size();
    }
    System.out.printf("DeclaredKeysTest: %d script calls %s running %d commands: %s%n",
        calls.size(), kinds, commands, inside);
    List<String> violations = violations(calls);
    assertTrue(violations.isEmpty(), violations.size() + " violations, the first ones:\n"
        + String.join("\n", violations.subList(0, Math.min(20, violations.size()))));
  }

  /**
   * Redisson's own probe, sent once when a client connects to one server (not a cluster): a
   * script over two keys of two slots, which a cluster proxy refuses with CROSSSLOT, and so
   * tells Redisson that it talks to one. It is not funccache's, and is meant to be refused there.
   */
  static final String REDISSON_CLUSTER_PROBE =
      "redis.call('get', KEYS[1]) redis.call('get', KEYS[2])";

  /** What breaks the rules, one line per break. */
  static List<String> violations(List<ScriptCall> calls) {
    KeySpecs specs = new KeySpecs(admin);
    List<String> violations = new ArrayList<>();
    for (ScriptCall call : calls) {
      if (call.kind().equals("EVAL") && call.call().args().get(1).equals(REDISSON_CLUSTER_PROBE)) {
        continue;
      }
      String what = (operation(call) == null ? "a script" : operation(call).toString()) + " by "
          + call.kind();
      List<String> declared = call.declaredKeys();
      if (declared.isEmpty()) {
        violations.add(what + " declares no key: " + call.call());
        continue;
      }
      Set<Long> keySlots = new TreeSet<>();
      declared.forEach(key -> keySlots.add(slotOf(key)));
      if (keySlots.size() != 1) {
        violations.add(what + " declares keys of slots " + keySlots + ": " + declared);
      }
      for (Command inside : call.inside()) {
        for (String key : specs.keys(inside)) {
          if (!declared.contains(key)) {
            violations.add(what + " touches '" + key + "', not among its KEYS " + declared
                + ", by " + inside);
          }
        }
      }
    }
    return violations;
  }

  @Test
  void theCheckFindsEachKindOfBreak() {
    List<Command> recorded = new ArrayList<>();
    for (String line : List.of(
        "+1.1 [0 127.0.0.1:5000] \"FCALL\" \"f\" \"2\" \"c{t}:0\" \"c{t}:1\" \"arg\"",
        "+1.2 [0 lua] \"HGET\" \"c{t}:1\" \"id\"",
        "+1.3 [0 lua] \"PUBLISH\" \"c{t}:events\" \"message\"", // a channel, not a key
        "+1.4 [0 lua] \"HSET\" \"c{t}:\\x01\\\"x\" \"id\" \"v\"", // built inside the script
        "+1.5 [0 127.0.0.1:5000] \"PING\"",
        "+1.6 [0 127.0.0.1:5000] \"EVALSHA\" \"0123\" \"2\" \"a{x}\" \"a{y}\"",
        "+1.7 [0 127.0.0.1:5000] \"EVAL\" \"return 1\" \"0\"",
        "+1.8 [0 127.0.0.1:5000] \"EVAL\" \"" + REDISSON_CLUSTER_PROBE + "\" \"2\" \"test1\""
            + " \"test2\"")) {
      recorded.add(CommandMonitor.parse(line));
    }
    assertEquals(List.of("HSET", "c{t}:\u0001\"x", "id", "v"), recorded.get(3).args());
    List<ScriptCall> calls = group(recorded);
    assertEquals(4, calls.size());
    assertEquals(3, calls.get(0).inside().size());
    assertEquals(List.of("c{t}:0", "c{t}:1"), calls.get(0).declaredKeys());
    List<String> found = violations(calls);
    assertEquals(3, found.size(), String.join("\n", found));
    assertTrue(found.get(0).contains("touches 'c{t}:\u0001\"x'"), found.get(0));
    assertTrue(found.get(1).contains("declares keys of slots"), found.get(1));
    assertTrue(found.get(2).contains("declares no key"), found.get(2));
  }

  private static final Map<String, Long> SLOTS = new HashMap<>();

  private static long slotOf(String key) {
    return SLOTS.computeIfAbsent(key, k -> (Long) slots.call("CLUSTER", "KEYSLOT", k));
  }

  /** The keys of a command, as the server itself finds them (COMMAND INFO, COMMAND GETKEYS). */
  static final class KeySpecs {
    private final RespConnection connection;
    private final Map<String, Boolean> keyless = new HashMap<>();

    KeySpecs(RespConnection connection) {
      this.connection = connection;
    }

    List<String> keys(Command command) {
      boolean none = keyless.computeIfAbsent(command.name(), name -> {
        List<?> info = (List<?>) ((List<?>) connection.call("COMMAND", "INFO", name)).get(0);
        assertTrue(info != null, "the server does not know " + name);
        boolean movable = ((List<?>) info.get(2)).contains("movablekeys");
        return ((Long) info.get(3)) == 0 && !movable; // first key position 0: takes no key
      });
      if (none) {
        return List.of();
      }
      List<String> args = new ArrayList<>(List.of("COMMAND", "GETKEYS"));
      args.addAll(command.args());
      Object reply = connection.call(args);
      assertTrue(reply instanceof List<?>, "COMMAND GETKEYS " + command + ": " + reply);
      List<String> keys = new ArrayList<>();
      ((List<?>) reply).forEach(key -> keys.add((String) key));
      return keys;
    }
  }

  /** Durations that vary, so the cache sets expiry after reads (setExpiry) too. */
  public static final class VaryingExpiry implements ExpiryPolicy {
    @Override
    public Duration getExpiryForCreation() {
      return new Duration(TimeUnit.HOURS, 1);
    }

    @Override
    public Duration getExpiryForAccess() {
      return new Duration(TimeUnit.HOURS, 2);
    }

    @Override
    public Duration getExpiryForUpdate() {
      return new Duration(TimeUnit.HOURS, 1);
    }
  }

  /** Listens, so that the scripts publish (and the manager keeps listen's lease renewed). */
  public static final class CreatedListener
      implements CacheEntryCreatedListener<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public void onCreated(Iterable<javax.cache.event.CacheEntryEvent<? extends String,
        ? extends String>> events) {
      events.forEach(event -> { });
    }
  }

  /** Loads "loaded-" + key. */
  public static final class Loader implements CacheLoader<String, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public String load(String key) {
      return "loaded-" + key;
    }

    @Override
    public Map<String, String> loadAll(Iterable<? extends String> keys) {
      Map<String, String> all = new HashMap<>();
      keys.forEach(key -> all.put(key, load(key)));
      return all;
    }
  }
}
