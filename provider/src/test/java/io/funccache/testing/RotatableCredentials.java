package io.funccache.testing;

import io.funccache.RedisCredentials;
import io.funccache.RedisCredentialsSupplier;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A credentials supplier whose answer a test changes, as a token service's would change: the
 * current credentials, or a failure. Static, so that a config file can name the class; tests
 * using it {@link #reset} it first.
 */
public final class RotatableCredentials implements RedisCredentialsSupplier {
  private static volatile RedisCredentials current;
  private static volatile RuntimeException failure;
  private static final AtomicInteger calls = new AtomicInteger();

  public RotatableCredentials() {}

  public static void reset(String username, String password) {
    failure = null;
    calls.set(0);
    rotate(username, password);
  }

  public static void rotate(String username, String password) {
    current = new RedisCredentials(username, password);
  }

  /** From now on every call throws {@code e} (null: answer again). */
  public static void fail(RuntimeException e) {
    failure = e;
  }

  /** How often the supplier was asked since {@link #reset}. */
  public static int calls() {
    return calls.get();
  }

  @Override
  public RedisCredentials credentials(InetSocketAddress server) {
    calls.incrementAndGet();
    RuntimeException e = failure;
    if (e != null) {
      throw e;
    }
    return current;
  }
}
