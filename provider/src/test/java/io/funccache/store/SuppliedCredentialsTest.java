package io.funccache.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.funccache.RedisCredentials;
import io.funccache.config.RedisConnectionSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.redisson.config.Config;
import org.redisson.config.Credentials;

/** Redisson's credentials hook as funccache fills it, without a server. */
class SuppliedCredentialsTest {
  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 6390);

  private static RedisConnectionSettings settings() {
    return new RedisConnectionSettings(RedisConnectionSettings.Topology.SINGLE,
        List.of("redis://127.0.0.1:6390"), null, null, null, 0, Duration.ofSeconds(1),
        Duration.ofSeconds(1), 1, Duration.ofMillis(100), null, null, null);
  }

  @Test
  void theConfigAsksTheSupplierAtEveryResolve() throws Exception {
    int[] calls = {0};
    Config config = RedisConnector.toConfig(settings().withCredentials(server -> {
      calls[0]++;
      return new RedisCredentials("app", "token-" + calls[0]);
    }, null), "test");
    SuppliedCredentials hook = assertInstanceOf(SuppliedCredentials.class,
        config.getCredentialsResolver());
    Credentials first = hook.resolve(SERVER).toCompletableFuture().get();
    Credentials second = hook.resolve(SERVER).toCompletableFuture().get();
    assertEquals("app", first.getUsername());
    assertEquals("token-1", first.getPassword());
    assertEquals("token-2", second.getPassword());
    assertNull(config.getPassword(), "no fixed password next to the supplier");
  }

  @Test
  void noSupplierLeavesRedissonsOwnHook() {
    Config config = RedisConnector.toConfig(settings(), "test");
    assertFalse(config.getCredentialsResolver() instanceof SuppliedCredentials);
  }

  @Test
  void noCredentialsMeansNoAuth() throws Exception {
    SuppliedCredentials hook = new SuppliedCredentials(server -> null, null);
    Credentials none = hook.resolve(SERVER).toCompletableFuture().get();
    assertNull(none.getPassword());
    assertNull(none.getUsername());
  }

  @Test
  void aThrowingSupplierFailsTheStageNamingItselfTheServerAndTheCause() {
    SuppliedCredentials hook = new SuppliedCredentials(server -> {
      throw new java.io.IOException("token endpoint refused");
    }, null);
    CompletableFuture<Credentials> stage = hook.resolve(SERVER).toCompletableFuture();
    ExecutionException e = assertThrows(ExecutionException.class, stage::get);
    CredentialsUnavailableException failure =
        assertInstanceOf(CredentialsUnavailableException.class, e.getCause());
    assertTrue(failure.getMessage().contains(hook.supplierName()), failure.getMessage());
    assertTrue(failure.getMessage().contains("127.0.0.1:6390"), failure.getMessage());
    assertTrue(failure.getMessage().contains("token endpoint refused"), failure.getMessage());
    assertInstanceOf(java.io.IOException.class, failure.getCause());
    assertTrue(hook.currentFailure() == failure, "kept for messages while the supplier fails");
    assertTrue(RedisConnector.credentialsFailure(
        new RuntimeException("wrapped", new RuntimeException(failure))) == failure);
  }

  @Test
  void aSupplierThatAnswersAgainClearsItsFailure() throws Exception {
    boolean[] down = {true};
    SuppliedCredentials hook = new SuppliedCredentials(server -> {
      if (down[0]) {
        throw new IllegalStateException("down");
      }
      return RedisCredentials.password("token");
    }, null);
    assertTrue(hook.resolve(SERVER).toCompletableFuture().isCompletedExceptionally());
    assertTrue(hook.currentFailure() != null);
    down[0] = false;
    assertEquals("token", hook.resolve(SERVER).toCompletableFuture().get().getPassword());
    assertNull(hook.currentFailure());
  }

  @Test
  void renewalIsDueAtThreeQuartersOfTheLifetimeAndNeverWithoutOne() throws Exception {
    SuppliedCredentials once = new SuppliedCredentials(server -> null, null);
    CompletableFuture<Void> never = once.nextRenewal().toCompletableFuture();

    SuppliedCredentials renewed = new SuppliedCredentials(server -> null, Duration.ofSeconds(2));
    try {
      long start = System.nanoTime();
      renewed.nextRenewal().toCompletableFuture().get(5, TimeUnit.SECONDS);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // 1.5 s of a 2 s lifetime; the upper bound leaves slack for a loaded machine.
      assertTrue(millis >= 1_450 && millis < 2_500, "due after " + millis + " ms");
      assertThrows(TimeoutException.class, () -> never.get(200, TimeUnit.MILLISECONDS));

      renewed.close();
      assertThrows(TimeoutException.class,
          () -> renewed.nextRenewal().toCompletableFuture().get(2, TimeUnit.SECONDS),
          "a closed client's connections are not renewed");
    } finally {
      renewed.close();
    }
  }
}
