package io.funccache.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCacheConfiguration;
import io.funccache.RedisCachingProvider;
import io.funccache.RedisOutcomeUnknownException;
import io.funccache.RedisUnavailableException;
import io.funccache.config.ConfigLoader;
import io.funccache.testing.CapturedOutput;
import io.funccache.testing.RedisCluster;
import io.funccache.testing.RedisServer;
import io.funccache.testing.RotatableCredentials;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Credentials from a supplier, against a redis-server of the test's own whose only users are ACL
 * users: passwords rotated under load, a supplier that fails, and a credential lifetime.
 */
class CredentialsRotationTest {
  private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
  private static final int THREADS = 4;
  private static final int KEYS_PER_THREAD = 50;
  private static RedisServer.Started server;

  @BeforeAll
  static void start() {
    server = RedisServer.start(List.of("--user", "default", "off",
        "--user", "admin", "on", ">" + ADMIN_PASSWORD, "~*", "&*", "+@all"), false);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A password nobody else uses, so that finding it anywhere in the output means a leak. */
  private static String secret(String name) {
    return name + "-" + UUID.randomUUID();
  }

  private static String admin(String... command) {
    List<String> args = new ArrayList<>(
        List.of("--user", "admin", "--pass", ADMIN_PASSWORD, "--no-auth-warning"));
    args.addAll(List.of(command));
    return RedisCluster.cli(server.port(), args.toArray(String[]::new));
  }

  private static void createUser(String user, String password) {
    assertEquals("OK", admin("ACL", "SETUSER", user, "reset", "on", ">" + password, "~*", "&*",
        "+@all").trim());
  }

  /** What Redis says to a new connection that authenticates as {@code user}. */
  private static String pingAs(String user, String password) {
    return RedisCluster.cli(server.port(), "--user", user, "--pass", password,
        "--no-auth-warning", "PING").trim();
  }

  private static CacheManager open(String namespace, Properties properties) {
    return new RedisCachingProvider().getCacheManager(
        URI.create("redis://127.0.0.1:" + server.port() + "?namespace=" + namespace),
        CredentialsRotationTest.class.getClassLoader(), properties);
  }

  private static Properties supplied() {
    Properties properties = new Properties();
    properties.put(ConfigLoader.CREDENTIALS_PROPERTY, new RotatableCredentials());
    return properties;
  }

  private static Cache<Integer, String> cache(CacheManager manager, String name) {
    return manager.createCache(name, new RedisCacheConfiguration<Integer, String>()
        .setTypes(Integer.class, String.class).setMaxSize(0));
  }

  @Test
  void passwordsRotatedUnderLoadAndConnectionsKilledLoseNoReadAndNoData() throws Exception {
    String user = "rotating";
    String first = secret("first");
    String second = secret("second");
    String third = secret("third");
    createUser(user, first);
    RotatableCredentials.reset(user, first);
    List<String> messages = new ArrayList<>();
    try (CapturedOutput output = new CapturedOutput()) {
      // Reads are resent up to 3 times, 200 ms apart: enough to outlast a reconnect.
      CacheManager manager = open("rotation&retryAttempts=3", supplied());
      try {
        Cache<Integer, String> cache = cache(manager, "rotation");
        Load load = new Load(cache);
        load.start();
        Thread.sleep(1_000);
        for (String next : List.of(second, third)) {
          // What a rotation does: Redis takes the new password only, the supplier hands it out,
          // and every connection that authenticated with the old one is cut.
          assertEquals("OK", admin("ACL", "SETUSER", user, "resetpass", ">" + next).trim());
          RotatableCredentials.rotate(user, next);
          long killed = Long.parseLong(admin("CLIENT", "KILL", "USER", user).trim());
          assertTrue(killed >= 1, "killed " + killed + " connections");
          // A command already sent on a killed connection waits out the response timeout (3 s);
          // after that window every thread is on a new connection.
          Thread.sleep(3_500);
          load.markRotation();
          Thread.sleep(1_000);
        }
        load.stop();

        for (Failure failure : load.failures()) {
          messages.add(failure.error().getMessage());
        }
        System.out.printf("rotation: %d operations, %d in the last second, slowest %d ms,"
            + " %d failures: %s%n", load.operations(), load.operationsSinceLastRotation(),
            load.slowestMillis(), load.failures().size(), load.failures());
        // A read is sent again after a lost connection, and a write that never reached Redis
        // too; only a write in flight on a killed connection may fail, as outcome unknown (it
        // may have been applied): at most one such write per thread per kill.
        for (Failure failure : load.failures()) {
          assertTrue(failure.write(), "a read failed: " + failure);
          assertInstanceOf(RedisOutcomeUnknownException.class, failure.error(), failure.toString());
          assertTrue(failure.error().getMessage().contains("Cache 'rotation'"), failure.toString());
        }
        assertTrue(load.failures().size() <= THREADS * 2, load.failures().toString());
        assertTrue(load.operationsSinceLastRotation() >= 100,
            "operations went on with the new password: " + load.operationsSinceLastRotation());
        load.assertIntact(); // every key holds what the model says, read once more at the end

        assertTrue(pingAs(user, first).contains("WRONGPASS"), "the old password is gone");
        assertEquals("PONG", pingAs(user, third));
        assertTrue(admin("CLIENT", "LIST").contains("user=" + user), "connected as " + user);
      } finally {
        manager.close();
      }
      String printed = output.text();
      for (String password : List.of(first, second, third)) {
        assertFalse(printed.contains(password), "a password was logged");
        messages.forEach(m -> assertFalse(m.contains(password), m));
      }
    }
  }

  @Test
  void aSupplierThatThrowsFailsOperationsNamingTheCacheTheSupplierAndTheCause() throws Exception {
    String password = secret("flaky");
    createUser("flaky", password);
    RotatableCredentials.reset("flaky", password);
    List<String> messages = new ArrayList<>();
    try (CapturedOutput output = new CapturedOutput()) {
      CacheManager manager = open("flaky", supplied());
      try {
        Cache<Integer, String> cache = cache(manager, "flaky-cache");
        cache.put(1, "one");
        RotatableCredentials.fail(new IllegalStateException("token service unavailable"));
        admin("CLIENT", "KILL", "USER", "flaky");
        // Let the client see its connections closed: a command sent on one before that would
        // wait out the timeout instead (and a write would end outcome unknown).
        Thread.sleep(500);

        CacheException read = assertThrows(CacheException.class, () -> cache.get(1));
        CacheException write = assertThrows(CacheException.class, () -> cache.put(2, "two"));
        for (CacheException e : List.of(read, write)) {
          messages.add(e.getMessage());
          System.out.println("supplier failure: " + e);
          assertInstanceOf(RedisUnavailableException.class, e);
          assertFalse(((RedisUnavailableException) e).mayHaveApplied(), e.getMessage());
          assertTrue(e.getMessage().contains("Cache 'flaky-cache'"), e.getMessage());
          assertTrue(e.getMessage().contains(RotatableCredentials.class.getName()), e.getMessage());
          assertTrue(e.getMessage().contains("token service unavailable"), e.getMessage());
        }
        assertTrue(write.getMessage().contains("nothing was applied"), write.getMessage());

        RotatableCredentials.fail(null);
        assertEquals("one", eventually(() -> cache.get(1)), "served again once the supplier is");
        assertEquals(null, cache.get(2), "the failed write was not applied");
      } finally {
        manager.close();
      }

      RotatableCredentials.fail(new IllegalStateException("no token yet"));
      CacheException opening = assertThrows(CacheException.class,
          () -> open("flaky-at-start", supplied()));
      messages.add(opening.getMessage());
      System.out.println("supplier failure at start: " + opening);
      assertTrue(opening.getMessage().contains("127.0.0.1:" + server.port()), opening.getMessage());
      assertTrue(opening.getMessage().contains(RotatableCredentials.class.getName()),
          opening.getMessage());
      assertTrue(opening.getMessage().contains("no token yet"), opening.getMessage());

      String printed = output.text();
      assertFalse(printed.contains(password), "the password was logged");
      messages.forEach(m -> assertFalse(m.contains(password), m));
    }
  }

  @Test
  void withACredentialLifetimeOpenConnectionsReauthenticateWithTheSuppliersNewCredentials(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String before = secret("before");
    String after = secret("after");
    createUser("token-a", before);
    createUser("token-b", after);
    RotatableCredentials.reset("token-a", before);
    Path file = dir.resolve("funccache.yaml");
    Files.writeString(file, String.join("\n",
        "redis:",
        "  url: redis://127.0.0.1:" + server.port(),
        "  credentials: " + RotatableCredentials.class.getName(),
        "  credentialsLifetime: 2s",
        "namespace: lifetime",
        ""));
    List<String> messages = new ArrayList<>();
    try (CapturedOutput output = new CapturedOutput()) {
      CacheManager manager = new RedisCachingProvider().getCacheManager(file.toUri(),
          CredentialsRotationTest.class.getClassLoader());
      try {
        Cache<Integer, String> cache = cache(manager, "lifetime");
        Load load = new Load(cache);
        load.start();
        Thread.sleep(1_000);
        Map<Long, String> connections = clients();
        List<Long> asA = idsOf(connections, "token-a");
        assertFalse(asA.isEmpty(), "connected as token-a: " + connections);
        int askedBefore = RotatableCredentials.calls();

        // The token changes; nobody closes a connection. Each renews within 3/4 of the
        // lifetime (1.5 s) of its last AUTH, so after 2.5 s every one has.
        RotatableCredentials.rotate("token-b", after);
        Thread.sleep(2_500);
        Map<Long, String> renewed = clients();
        for (long id : asA) {
          assertEquals("token-b", renewed.get(id),
              "connection " + id + " re-authenticated in place: " + renewed);
        }
        assertTrue(idsOf(renewed, "token-a").isEmpty(), "none is left as token-a: " + renewed);
        assertTrue(RotatableCredentials.calls() - askedBefore >= asA.size(),
            "the supplier was asked again");

        // The old credentials go; nothing used them any more, so nothing is cut.
        assertEquals("1", admin("ACL", "DELUSER", "token-a").trim());
        Thread.sleep(500);
        load.markRotation();
        Thread.sleep(1_000);
        load.stop();
        assertEquals(idsOf(renewed, "token-b"), idsOf(clients(), "token-b"),
            "the same connections still serve");
        System.out.printf("lifetime: %d connections re-authenticated in place, %d operations,"
            + " %d after the old user went, %d failures, supplier asked %d times%n", asA.size(),
            load.operations(), load.operationsSinceLastRotation(), load.failures().size(),
            RotatableCredentials.calls());
        load.failures().forEach(f -> messages.add(f.error().getMessage()));
        assertEquals(List.of(), load.failures(), "no operation failed");
        assertTrue(load.operationsSinceLastRotation() >= 100, "operations went on");
        load.assertIntact();
      } finally {
        manager.close();
      }
      String printed = output.text();
      for (String password : List.of(before, after)) {
        assertFalse(printed.contains(password), "a password was logged");
        messages.forEach(m -> assertFalse(m.contains(password), m));
      }
    }
  }

  @Test
  void subscriptionsHearEveryEventWhileTheOtherConnectionsRenew(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String password = secret("events");
    createUser("events", password);
    RotatableCredentials.reset("events", password);
    Path file = dir.resolve("funccache.yaml");
    Files.writeString(file, String.join("\n",
        "redis:",
        "  url: redis://127.0.0.1:" + server.port(),
        "  credentials: " + RotatableCredentials.class.getName(),
        "  credentialsLifetime: 1s",
        "namespace: events",
        ""));
    CacheManager writer = new RedisCachingProvider().getCacheManager(file.toUri(),
        CredentialsRotationTest.class.getClassLoader());
    CacheManager reader = new RedisCachingProvider().getCacheManager(file.toUri(),
        CredentialsRotationTest.class.getClassLoader());
    try {
      Cache<Integer, String> written = cache(writer, "events");
      Cache<Integer, String> heard = cache(reader, "events");
      java.util.Queue<Integer> events = new java.util.concurrent.ConcurrentLinkedQueue<>();
      heard.registerCacheEntryListener(
          new javax.cache.configuration.MutableCacheEntryListenerConfiguration<Integer, String>(
              javax.cache.configuration.FactoryBuilder.factoryOf(new Listener(events)), null,
              false, false));
      String authBefore = authCalls();
      // Renewals every 750 ms; a renewal sent on the subscription would swallow a message.
      int count = 300;
      for (int i = 0; i < count; i++) {
        written.put(i, "v" + i);
        Thread.sleep(10);
      }
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (events.size() < count && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(java.util.stream.IntStream.range(0, count).boxed().toList(),
          List.copyOf(events), "every event heard, in order");
      assertTrue(Long.parseLong(authCalls()) > Long.parseLong(authBefore) + 2,
          "the other connections renewed meanwhile: " + authBefore + " -> " + authCalls());
    } finally {
      writer.close();
      reader.close();
    }
  }

  /** How many AUTH commands the server has run. */
  private static String authCalls() {
    Matcher m = Pattern.compile("cmdstat_auth:calls=(\\d+)").matcher(admin("INFO", "commandstats"));
    return m.find() ? m.group(1) : "0";
  }

  /** Hears created entries. */
  public static final class Listener implements
      javax.cache.event.CacheEntryCreatedListener<Integer, String>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final transient java.util.Queue<Integer> heard;

    Listener(java.util.Queue<Integer> heard) {
      this.heard = heard;
    }

    @Override
    public void onCreated(
        Iterable<javax.cache.event.CacheEntryEvent<? extends Integer, ? extends String>> events) {
      events.forEach(e -> heard.add(e.getKey()));
    }
  }

  /** The server's client connections, id to user, without this test's own redis-cli. */
  private static Map<Long, String> clients() {
    Map<Long, String> users = new java.util.TreeMap<>();
    Matcher m = Pattern.compile("id=(\\d+) .* user=(\\S+)").matcher("");
    for (String line : admin("CLIENT", "LIST").split("\n")) {
      if (m.reset(line).find() && !m.group(2).equals("admin")) {
        users.put(Long.parseLong(m.group(1)), m.group(2));
      }
    }
    return users;
  }

  private static List<Long> idsOf(Map<Long, String> clients, String user) {
    return clients.entrySet().stream().filter(e -> e.getValue().equals(user))
        .map(Map.Entry::getKey).sorted().toList();
  }

  /** The first answer {@code read} gives without failing within 10 s. */
  private static <T> T eventually(java.util.function.Supplier<T> read) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        return read.get();
      } catch (CacheException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  /** Four threads on keys of their own, each checking its reads against what it wrote. */
  private static final class Load {
    private final Cache<Integer, String> cache;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final List<String> mismatches = new ArrayList<>();
    private final List<Map<Integer, String>> models = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong sinceRotation = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(THREADS);

    Load(Cache<Integer, String> cache) {
      this.cache = cache;
      for (int t = 0; t < THREADS; t++) {
        Map<Integer, String> model = new HashMap<>();
        models.add(model);
        int owner = t;
        threads.add(new Thread(() -> run(owner, model), "load-" + t));
      }
    }

    void start() {
      threads.forEach(Thread::start);
    }

    void markRotation() {
      sinceRotation.set(0);
    }

    void stop() throws InterruptedException {
      running.set(false);
      assertTrue(done.await(60, java.util.concurrent.TimeUnit.SECONDS), "load stopped");
    }

    long operations() {
      return operations.get();
    }

    long operationsSinceLastRotation() {
      return sinceRotation.get();
    }

    long slowestMillis() {
      return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(slowestNanos.get());
    }

    synchronized List<Failure> failures() {
      return List.copyOf(failures);
    }

    private void run(int owner, Map<Integer, String> model) {
      Random random = new Random(owner);
      try {
        for (int i = 0; running.get(); i++) {
          int key = owner * 1_000 + random.nextInt(KEYS_PER_THREAD);
          int kind = random.nextInt(10);
          String before = model.get(key);
          long started = System.nanoTime();
          try {
            if (kind < 4) {
              String read = cache.get(key);
              if (!java.util.Objects.equals(before, read)) {
                mismatch(key, before, read);
              }
            } else if (kind < 8) {
              String value = "v" + owner + "-" + i;
              cache.put(key, value);
              model.put(key, value);
            } else {
              cache.remove(key);
              model.remove(key);
            }
            operations.incrementAndGet();
            sinceRotation.incrementAndGet();
            slowestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
          } catch (CacheException e) {
            boolean write = kind >= 4;
            synchronized (this) {
              failures.add(new Failure(key, write, e));
            }
            if (write) {
              // Applied or not: learn which, and check it is one of the two.
              String now;
              try {
                now = eventually(() -> cache.get(key));
              } catch (CacheException | InterruptedException again) {
                mismatch(key, "a readable value after the failed write", again.toString());
                return;
              }
              String intended = kind < 8 ? "v" + owner + "-" + i : null;
              if (!java.util.Objects.equals(now, before)
                  && !java.util.Objects.equals(now, intended)) {
                mismatch(key, before + " or " + intended, now);
              }
              if (now == null) {
                model.remove(key);
              } else {
                model.put(key, now);
              }
            }
          }
        }
      } finally {
        done.countDown();
      }
    }

    private synchronized void mismatch(int key, String expected, String read) {
      mismatches.add("key " + key + ": expected " + expected + ", read " + read);
    }

    void assertIntact() {
      synchronized (this) {
        assertTrue(mismatches.isEmpty(), mismatches.toString());
      }
      for (Map<Integer, String> model : models) {
        for (Map.Entry<Integer, String> entry : model.entrySet()) {
          assertEquals(entry.getValue(), cache.get(entry.getKey()), "key " + entry.getKey());
        }
      }
      assertTrue(models.stream().mapToInt(Map::size).sum() > THREADS, "the load wrote entries");
    }
  }

  private record Failure(int key, boolean write, CacheException error) {
    @Override
    public String toString() {
      return (write ? "write" : "read") + " of " + key + ": " + error;
    }
  }
}
