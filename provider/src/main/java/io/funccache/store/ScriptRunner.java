package io.funccache.store;

import java.util.List;
import io.funccache.RedisUnavailableException;
import javax.cache.CacheException;
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
 * Runs scripts by SHA and turns Redis failures into {@link CacheException}s that name the cache and
 * the server. A script missing from Redis (restart, {@code SCRIPT FLUSH}) is loaded and the call
 * retried, here and nowhere else.
 */
public final class ScriptRunner {
  private final RScript script;
  private final String serverDescription;

  /** The server, as messages name it. */
  public String serverDescription() {
    return serverDescription;
  }

  public ScriptRunner(RedissonClient client, String serverDescription) {
    this.script = client.getScript(ByteArrayCodec.INSTANCE);
    this.serverDescription = serverDescription;
  }

  /**
   * Runs one script; replies are {@code byte[]} for bulk strings, {@code Long} for integers and
   * {@code null} for nil.
   */
  public List<Object> run(String cacheName, Script which, CacheKeys keys, List<byte[]> args) {
    Object[] values = args.toArray();
    List<Object> keyList = keys.asList();
    try {
      try {
        return eval(which, keys, keyList, values);
      } catch (RedisNoScriptException e) {
        // Redis lost the script (restart, SCRIPT FLUSH): send it whole this once. EVAL also puts
        // it back in Redis's script cache, and unlike load-then-EVALSHA it cannot lose a race
        // with another flush.
        List<Object> reply = script.eval(keys.index(), RScript.Mode.READ_WRITE, which.source(),
            RScript.ReturnType.LIST, keyList, values);
        return reply == null ? List.of() : reply;
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

  private List<Object> eval(Script which, CacheKeys keys, List<Object> keyList, Object[] values) {
    List<Object> reply = script.evalSha(
        keys.index(), RScript.Mode.READ_WRITE, which.sha(), RScript.ReturnType.LIST, keyList, values);
    return reply == null ? List.of() : reply;
  }
}
