package io.funccache.cdi.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The include/exclude rules the cache annotations share for thrown exceptions. */
final class Exceptions {

  private Exceptions() {}

  /**
   * Whether {@code thrown} passes the filter, by the rules of {@code CacheResult},
   * {@code CachePut} and {@code CacheRemove}: with both lists empty the answer is
   * {@code whenBothEmpty}; otherwise it must be an instance of some class of {@code include} (or
   * {@code include} is empty) and of no class of {@code exclude}.
   */
  static boolean matches(Throwable thrown, Class<? extends Throwable>[] include,
      Class<? extends Throwable>[] exclude, boolean whenBothEmpty) {
    if (include.length == 0 && exclude.length == 0) {
      return whenBothEmpty;
    }
    return (include.length == 0 || isInstance(thrown, include)) && !isInstance(thrown, exclude);
  }

  private static boolean isInstance(Throwable thrown, Class<? extends Throwable>[] types) {
    for (Class<? extends Throwable> type : types) {
      if (type.isInstance(thrown)) {
        return true;
      }
    }
    return false;
  }

  /** The failure a future reports, without the wrappers the future machinery adds. */
  static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Throws {@code thrown} as it is when the interceptor signature allows, else wrapped. */
  static Exception rethrow(Throwable thrown) throws Exception {
    if (thrown instanceof Exception exception) {
      throw exception;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
    throw new java.lang.reflect.UndeclaredThrowableException(thrown);
  }
}
