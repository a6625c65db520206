package io.funccache.store;

import io.funccache.RedisCredentials;
import io.funccache.RedisCredentialsSupplier;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.client.handler.CommandPubSubDecoder;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;

/**
 * Redisson's credentials hook over a {@link RedisCredentialsSupplier}: Redisson asks
 * {@link #resolve} before the {@code AUTH} of every new connection, and again whenever the stage
 * {@link #nextRenewal} handed that connection completes, which, with a credential lifetime, is
 * three quarters of the lifetime after the connection last authenticated. The remaining quarter
 * leaves room for a failed renewal: Redisson then closes the connection and opens a new one, which
 * asks again.
 *
 * <p>Subscription connections (events, near-cache invalidations) are not renewed: over RESP2 Redis
 * refuses {@code AUTH} on a subscribed connection, and Redisson 4.7 then takes a published message
 * for the AUTH's reply, so a renewal loses an event. Such a connection keeps the authentication it
 * opened with; where the server ends that, Redisson reconnects it (asking the supplier) and
 * subscribes again.
 */
final class SuppliedCredentials implements CredentialsResolver, AutoCloseable {
  private final RedisCredentialsSupplier supplier;
  private final long renewAfterMillis;
  /** The supplier's failure at its last call, null when that call answered. */
  private volatile CredentialsUnavailableException currentFailure;
  /** Completes the renewal stages; null when credentials are asked at connect only. */
  private final ScheduledExecutorService renewals;

  SuppliedCredentials(RedisCredentialsSupplier supplier, Duration lifetime) {
    this.supplier = supplier;
    this.renewAfterMillis = lifetime == null ? -1 : lifetime.toMillis() * 3 / 4;
    if (lifetime == null) {
      this.renewals = null;
    } else {
      this.renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "funccache-credentials-renewal");
        thread.setDaemon(true);
        return thread;
      });
    }
  }

  /** Why the supplier failed, if its last call did. */
  CredentialsUnavailableException currentFailure() {
    return currentFailure;
  }

  /** The supplier's class, as messages name it. */
  String supplierName() {
    return supplier.getClass().getName();
  }

  /**
   * Never throws: Redisson calls this inside its connection handler, where an exception would
   * leave the connection neither open nor failed. The supplier runs here, synchronously, because
   * Redisson 4.7 sends a connection's first commands right after this stage's AUTH: a stage that
   * completed later would let them go out unauthenticated.
   */
  @Override
  public CompletionStage<Credentials> resolve(InetSocketAddress address) {
    RedisCredentials given;
    try {
      given = supplier.credentials(address);
    } catch (Exception | LinkageError e) {
      CredentialsUnavailableException failure =
          new CredentialsUnavailableException(supplierName(), address, e);
      currentFailure = failure;
      return CompletableFuture.failedFuture(failure);
    }
    currentFailure = null;
    // Null fields: Redisson falls back to the config's user and password, which are unset when a
    // supplier is configured, so no AUTH is sent.
    return CompletableFuture.completedFuture(given == null ? new Credentials(null, null)
        : new Credentials(given.username(), given.password()));
  }

  /** Asked once per connection after each authentication; completes when it is due again. */
  @Override
  public CompletionStage<Void> nextRenewal() {
    CompletableFuture<Void> due = new CompletableFuture<>();
    if (renewals != null && !renewals.isShutdown() && !forSubscriptionConnection()) {
      try {
        renewals.schedule(() -> due.complete(null), renewAfterMillis, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // the manager is closing: its connections need no renewal
      }
    }
    return due;
  }

  /**
   * Whether Redisson asks for a subscription connection. It asks with no argument, right after
   * that connection's decoder read the reply to its last AUTH, so the decoder's class on the
   * stack tells; should Redisson ever ask otherwise, the connection is renewed like any other.
   */
  private static boolean forSubscriptionConnection() {
    String subscriptionDecoder = CommandPubSubDecoder.class.getName();
    return StackWalker.getInstance().walk(frames ->
        frames.anyMatch(frame -> frame.getClassName().equals(subscriptionDecoder)));
  }

  /** Drops the pending renewals of a closed client (each holds its connection). */
  @Override
  public void close() {
    if (renewals != null) {
      renewals.shutdownNow();
    }
  }
}
