package io.funccache.store;

import java.util.List;
import io.funccache.RedisUnavailableException;
import javax.cache.CacheException;
import org.redisson.api.FunctionMode;
import org.redisson.api.FunctionResult;
import org.redisson.api.RFunction;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Runs the operations of {@link Script} and turns Redis failures into {@link CacheException}s that
 * name the cache and the server. On Redis 7 and later an operation is an FCALL into funccache's
 * function library; where functions are missing (Redis 6) or refused (an ACL without FUNCTION), it
 * is an EVALSHA of the operation's script. Code missing from Redis (restart, {@code FUNCTION FLUSH},
 * {@code SCRIPT FLUSH}) is loaded again and the call retried, here and nowhere else.
 */
public final class ScriptRunner {
  private final RScript script;
  private final RFunction function;
  private final String serverDescription;
  /** Cleared for good once the server shows it cannot run our function library. */
  private volatile boolean useFunctions;

  /** The server, as messages name it. */
  public String serverDescription() {
    return serverDescription;
  }

  public ScriptRunner(RedissonClient client, String serverDescription) {
    this(client, serverDescription, true);
  }

  /**
   * @param useFunctions false to go by EVALSHA only, as on a server without functions (tests run
   *     every script both ways)
   */
  public ScriptRunner(RedissonClient client, String serverDescription, boolean useFunctions) {
    this.script = client.getScript(ByteArrayCodec.INSTANCE);
    this.function = client.getFunction(ByteArrayCodec.INSTANCE);
    this.serverDescription = serverDescription;
    this.useFunctions = useFunctions;
  }

  /** Whether calls currently go by FCALL (false: by EVALSHA). */
  public boolean usesFunctions() {
    return useFunctions;
  }

  /**
   * Runs one operation on the cache whose keys are {@code keyList} ({@link CacheKeys#encoded()});
   * {@code routingKey} picks the cluster node. Replies are {@code byte[]} for bulk strings,
   * {@code Long} for integers and {@code null} for nil.
   */
  public List<Object> run(String cacheName, Script which, String routingKey, List<Object> keyList,
      List<byte[]> args) {
    Object[] values = args.toArray();
    try {
      if (useFunctions) {
        try {
          return fcall(which, routingKey, keyList, values);
        } catch (RedisException e) {
          if (functionMissing(e)) {
            // A new server, a FUNCTION FLUSH, or another funccache version's library only: load
            // ours (on every master of a cluster) for the calls to come, and send this one as a
            // whole script, which no flush in between can make fail.
            loadLibrary();
            return evalSource(which, routingKey, keyList, values);
          }
          if (!functionsUnavailable(e)) {
            throw e;
          }
          useFunctions = false;
        }
      }
      try {
        return eval(which, routingKey, keyList, values);
      } catch (RedisNoScriptException e) {
        // Redis lost the script (restart, SCRIPT FLUSH): send it whole this once. EVAL also puts
        // it back in Redis's script cache, and unlike load-then-EVALSHA it cannot lose a race
        // with another flush.
        return evalSource(which, routingKey, keyList, values);
      }
    } catch (RedisTimeoutException e) {
      throw new RedisUnavailableException(
          "Cache '" + cacheName + "': Redis at " + serverDescription + " did not answer in time ("
              + which + ")", e);
    } catch (RedisConnectionException e) {
      throw new RedisUnavailableException(
          "Cache '" + cacheName + "': Redis at " + serverDescription + " cannot be reached ("
              + which + "): " + e.getMessage(), e);
    } catch (RedisException e) {
      if (unreachable(e)) {
        throw new RedisUnavailableException("Cache '" + cacheName + "': Redis at "
            + serverDescription + " cannot be reached (" + which + "): "
            + RedisConnector.rootMessage(e), e);
      }
      throw new CacheException(
          "Cache '" + cacheName + "': Redis at " + serverDescription + " failed " + which + ": "
              + e.getMessage(), e);
    }
  }

  /** Whether a failure means Redis could not be reached, rather than that it refused the call. */
  private static boolean unreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RedisConnectionException || t instanceof RedisTimeoutException
          || t instanceof RedisRetryException || t instanceof RedisReconnectedException
          || t instanceof java.io.IOException) {
        return true;
      }
    }
    return false;
  }

  private void loadLibrary() {
    try {
      function.loadAndReplace(Script.libraryName(), Script.library());
    } catch (RedisException e) {
      if (!functionsUnavailable(e)) {
        throw e;
      }
      useFunctions = false;
    }
  }

  private List<Object> fcall(Script which, String routingKey, List<Object> keyList,
      Object[] values) {
    List<Object> reply = function.call(routingKey, FunctionMode.WRITE, which.function(),
        FunctionResult.LIST, keyList, values);
    return reply == null ? List.of() : reply;
  }

  private static boolean functionMissing(RedisException e) {
    String message = e.getMessage();
    return message != null && message.contains("Function not found");
  }

  /** Redis before 7 (no FCALL, no FUNCTION), or an ACL that refuses them. */
  private static boolean functionsUnavailable(RedisException e) {
    String message = e.getMessage();
    return message != null
        && (message.contains("unknown command") || message.startsWith("NOPERM"));
  }

  private List<Object> evalSource(Script which, String routingKey, List<Object> keyList,
      Object[] values) {
    List<Object> reply = script.eval(routingKey, RScript.Mode.READ_WRITE, which.source(),
        RScript.ReturnType.LIST, keyList, values);
    return reply == null ? List.of() : reply;
  }

  private List<Object> eval(Script which, String routingKey, List<Object> keyList,
      Object[] values) {
    List<Object> reply = script.evalSha(
        routingKey, RScript.Mode.READ_WRITE, which.sha(), RScript.ReturnType.LIST, keyList, values);
    return reply == null ? List.of() : reply;
  }
}
