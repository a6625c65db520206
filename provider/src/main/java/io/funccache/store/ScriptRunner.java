package io.funccache.store;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import io.funccache.RedisOutOfMemoryException;
import io.funccache.RedisOutcomeUnknownException;
import io.funccache.RedisUnavailableException;
import javax.cache.CacheException;
import org.redisson.api.FunctionMode;
import org.redisson.api.FunctionResult;
import org.redisson.api.RFunction;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.OptionalOptions;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisResponseTimeoutException;
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
  private static final System.Logger LOG = System.getLogger(ScriptRunner.class.getName());
  /** The data layout the scripts write (lib.lua's DATA_LAYOUT). */
  static final String DATA_LAYOUT = "3";
  /** Redisson's own defaults, for runners made without settings (tests). */
  private static final int DEFAULT_RESENDS = 3;
  private static final Duration DEFAULT_RESEND_INTERVAL = Duration.ofMillis(1_500);

  /** What reads go through: Redisson resends them after a timeout, as configured. */
  private final Calls resendable;
  /** What writes go through: Redisson never resends them; funccache does, when not sent. */
  private final Calls once;
  private final int resendsWhenNotSent;
  private final long resendIntervalMillis;
  private final String serverDescription;
  /** The manager's credentials supplier, or null: named when a failure is its doing. */
  private final SuppliedCredentials credentials;
  private final ScriptLibrary library;
  /** Cleared for good once the server shows it cannot run our function library. */
  private volatile boolean useFunctions;
  /** Whether scripts may carry Redis 7's flags line; cleared for good on a server before 7. */
  private volatile boolean scriptFlags = true;

  private final AtomicBoolean evictionWarned = new AtomicBoolean();

  /**
   * Logs once per manager when Redis's own maxmemory-policy can take a cache's keys away: any key
   * under allkeys-*, keys with an expiry (caches with a ttl) under volatile-*.
   */
  void noteServerEvictionPolicy(String cacheName, String policy, boolean cacheHasTtl) {
    boolean evictsOurKeys = policy != null
        && (policy.startsWith("allkeys-") || (policy.startsWith("volatile-") && cacheHasTtl));
    if (evictsOurKeys && evictionWarned.compareAndSet(false, true)) {
      LOG.log(System.Logger.Level.WARNING, "funccache cache '" + cacheName + "': Redis at "
          + serverDescription + " runs maxmemory-policy " + policy + ", so Redis itself may evict"
          + " this cache's keys when memory runs short. funccache repairs what it meets, but such a"
          + " cache can lose many entries at once, out of its policy's order. Use noeviction (each"
          + " cache is bounded by its maxSize), or a volatile-* policy with caches without ttl.");
    }
  }

  /**
   * Warns when a bind finds the cache last bound by a funccache of another data layout (the
   * metadata's {@code layout}, which the bind then replaces, so the next bind is quiet): keys over
   * 64 bytes are stored under a digest id since layout 3, so the two versions do not see each
   * other's entries for such keys.
   */
  void noteEarlierDataLayout(String cacheName, String previousLayout) {
    if (previousLayout != null && !previousLayout.equals(DATA_LAYOUT)) {
      LOG.log(System.Logger.Level.WARNING, "funccache cache '" + cacheName + "': its entries were"
          + " last bound by a funccache that stores them in layout " + previousLayout + " (this one: "
          + DATA_LAYOUT + "). Keys that encode to more than 64 bytes are stored differently since"
          + " layout 3, so JVMs running the two versions do not see each other's entries (or"
          + " removals) for such keys: run one version per cache. Entries of the old layout are"
          + " dropped as this version meets them, or evicted.");
    }
  }

  /**
   * Redis's clock, in ms since the epoch (anchors an injected clock to it): the clock of the
   * server that holds the cache ({@code routingKey}). The script declares the cache's keys though
   * it reads none, as managed services and cluster proxies want of every script.
   */
  long serverTimeMillis(String cacheName, String routingKey, List<Object> keyList) {
    try {
      List<Object> time = resendable.script().eval(routingKey, RScript.Mode.READ_ONLY,
          "return redis.call('TIME')", RScript.ReturnType.LIST, keyList);
      long seconds = Long.parseLong(new String((byte[]) time.get(0), StandardCharsets.US_ASCII));
      long micros = Long.parseLong(new String((byte[]) time.get(1), StandardCharsets.US_ASCII));
      return seconds * 1_000 + micros / 1_000;
    } catch (RedisException e) {
      throw translate(cacheName, "TIME", e);
    }
  }

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
    this(client, serverDescription, useFunctions, DEFAULT_RESENDS, DEFAULT_RESEND_INTERVAL);
  }

  /**
   * @param resendsWhenNotSent how often a write that certainly was not sent is sent again (the
   *     configured retryAttempts)
   * @param resendInterval the pause before each of those (the configured retryInterval)
   */
  public ScriptRunner(RedissonClient client, String serverDescription, boolean useFunctions,
      int resendsWhenNotSent, Duration resendInterval) {
    this(client, serverDescription, useFunctions, resendsWhenNotSent, resendInterval,
        ScriptLibrary.BUILT_IN);
  }

  /** @param library the operations and policies this runner calls */
  public ScriptRunner(RedissonClient client, String serverDescription, boolean useFunctions,
      int resendsWhenNotSent, Duration resendInterval, ScriptLibrary library) {
    this.library = library;
    this.resendable = new Calls(client.getScript(ByteArrayCodec.INSTANCE),
        client.getFunction(ByteArrayCodec.INSTANCE));
    OptionalOptions noResend = OptionalOptions.defaults().codec(ByteArrayCodec.INSTANCE)
        .retryAttempts(0);
    this.once = new Calls(client.getScript(noResend), client.getFunction(noResend));
    this.resendsWhenNotSent = Math.max(0, resendsWhenNotSent);
    this.resendIntervalMillis = resendInterval.toMillis();
    this.serverDescription = serverDescription;
    this.useFunctions = useFunctions;
    this.credentials = client.getConfig().getCredentialsResolver() instanceof SuppliedCredentials
        supplied ? supplied : null;
  }

  /** Redisson's script and function objects of one resend policy. */
  private record Calls(RScript script, RFunction function) {}

  /** The operations and policies this runner calls. */
  public ScriptLibrary library() {
    return library;
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
    if (which.resend() == Script.Resend.SAFE) {
      return runOnce(resendable, cacheName, which, routingKey, keyList, values);
    }
    // A write: sent again only while it certainly was not sent, so it applies at most once.
    for (int attempt = 0; ; attempt++) {
      try {
        return runOnce(once, cacheName, which, routingKey, keyList, values);
      } catch (NotSent e) {
        if (attempt >= resendsWhenNotSent) {
          throw e.failure;
        }
        pause(cacheName, which);
      }
    }
  }

  private void pause(String cacheName, Script which) {
    try {
      Thread.sleep(resendIntervalMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisUnavailableException("Cache '" + cacheName + "': interrupted before " + which
          + " was sent; nothing was applied", e);
    }
  }

  /** A write that failed before it reached Redis: sending it again cannot apply it twice. */
  private static final class NotSent extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient RedisUnavailableException failure;

    NotSent(RedisUnavailableException failure) {
      super(failure.getMessage(), failure, false, false);
      this.failure = failure;
    }
  }

  private List<Object> runOnce(Calls calls, String cacheName, Script which, String routingKey,
      List<Object> keyList, Object[] values) {
    try {
      if (useFunctions) {
        try {
          return fcall(calls, which, routingKey, keyList, values);
        } catch (RedisException e) {
          if (functionMissing(e)) {
            // A new server, a FUNCTION FLUSH, or another funccache version's library only: load
            // ours (on every master of a cluster) for the calls to come, and send this one as a
            // whole script, which no flush in between can make fail.
            loadLibrary();
            return evalSource(calls, which, routingKey, keyList, values);
          }
          if (!functionsUnavailable(e)) {
            throw e;
          }
          noFunctions(e);
        }
      }
      try {
        return eval(calls, which, routingKey, keyList, values);
      } catch (RedisNoScriptException e) {
        // Redis lost the script (restart, SCRIPT FLUSH): send it whole this once. EVAL also puts
        // it back in Redis's script cache, and unlike load-then-EVALSHA it cannot lose a race
        // with another flush. NOSCRIPT means nothing ran, so this sends nothing twice.
        return evalSource(calls, which, routingKey, keyList, values);
      }
    } catch (RedisException e) {
      CacheException failure = translate(cacheName, which, e);
      if (calls == once && failure instanceof RedisUnavailableException unavailable
          && !unavailable.mayHaveApplied()) {
        throw new NotSent(unavailable);
      }
      throw failure;
    }
  }

  /** The spec's exception for a Redis failure, naming the cache and the server. */
  private CacheException translate(String cacheName, Object which, RedisException e) {
    String cache = "Cache '" + cacheName + "': Redis at " + serverDescription;
    boolean write = which instanceof Script script && script.resend() == Script.Resend.NEVER;
    CredentialsUnavailableException supplier = RedisConnector.credentialsFailure(e);
    if (supplier != null) {
      // No connection could authenticate, so nothing was sent.
      return new RedisUnavailableException(cache + " cannot be reached (" + which + "): "
          + supplier.getMessage() + (write ? "; the write was not sent, nothing was applied"
          : ""), e);
    }
    if (write && mayHaveBeenSent(e)) {
      return new RedisOutcomeUnknownException(cache + " did not answer " + which + " in time ("
          + RedisConnector.rootMessage(e) + "): it was sent once and may or may not have been"
          + " applied; it was not sent again", e);
    }
    // Redisson's timeouts do not always carry why no connection could be had: say it, if the
    // supplier is failing now.
    CredentialsUnavailableException failing = credentials == null ? null
        : credentials.currentFailure();
    if (failing != null && unreachable(e)) {
      return new RedisUnavailableException(cache + " cannot be reached (" + which + "): "
          + failing.getMessage() + (write ? "; the write was not sent, nothing was applied"
          : ""), e);
    }
    if (e instanceof RedisTimeoutException) {
      return new RedisUnavailableException(cache + " did not answer in time (" + which + ")"
          + (write ? "; the write was not sent, nothing was applied" : ""), e);
    }
    if (e instanceof RedisConnectionException) {
      return new RedisUnavailableException(
          cache + " cannot be reached (" + which + "): " + e.getMessage(), e);
    }
    if (unreachable(e)) {
      return new RedisUnavailableException(
          cache + " cannot be reached (" + which + "): " + RedisConnector.rootMessage(e), e);
    }
    if (outOfMemory(e)) {
      return new RedisOutOfMemoryException(cache + " is out of memory (used memory > maxmemory)"
          + " and refused " + which + ": writes that add data fail until memory is freed; reads"
          + " and removals still work (" + e.getMessage() + ")", e);
    }
    if (!library.userPolicies().isEmpty()) {
      CacheException refused = refusedUserPolicy(cache, which, e);
      if (refused != null) {
        return refused;
      }
    }
    return new CacheException(cache + " failed " + which + ": " + e.getMessage(), e);
  }

  private static final java.util.regex.Pattern LUA_LINE =
      java.util.regex.Pattern.compile("user_(?:function|script):(\\d+)");

  /**
   * A Lua error inside one of the manager's own policies (it does not compile, or fails while it
   * runs): named by the policy's file and line, without the library's whole text that Redis's
   * message carries.
   */
  private CacheException refusedUserPolicy(String cache, Object which, RedisException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    java.util.regex.Matcher m = LUA_LINE.matcher(message);
    if (!m.find()) {
      return null;
    }
    int line = Integer.parseInt(m.group(1));
    // A function library's lines count the "#!lua name=" line Redisson puts before the code; a
    // script's (EVALSHA) start at the code itself.
    if (m.group().startsWith("user_script")) {
      line++;
    }
    String where = library.userPolicyAt(line);
    if (where == null) {
      return null;
    }
    // Redis's words, without what Redisson appends (the command and its arguments: the library).
    int end = message.indexOf(" channel: ");
    String detail = end < 0 ? message : message.substring(0, end);
    detail = detail.length() > 300 ? detail.substring(0, 300) + "..." : detail;
    return new CacheException(cache + " failed " + which + ": the policy " + where + " fails in"
        + " Redis's Lua: " + detail, e);
  }

  /**
   * Whether a failure came after the command may have reached Redis: no answer in time, or the
   * connection lost while waiting. Failing to get a connection or to write the command is not
   * that (Redisson says so in its own exception types and messages).
   */
  private static boolean mayHaveBeenSent(RedisException e) {
    if (e instanceof RedisResponseTimeoutException || e instanceof RedisReconnectedException) {
      return true;
    }
    if (e instanceof RedisTimeoutException || e instanceof RedisConnectionException
        || e instanceof RedisRetryException) {
      return false; // no connection, or the command never written to one
    }
    return unreachable(e); // an I/O failure on the way: the command may have gone out
  }

  /** Redis's OOM reply; a script that hits it mid-way (Redis 6.2) reports it in its own error. */
  private static boolean outOfMemory(RedisException e) {
    String message = e.getMessage();
    return e instanceof org.redisson.client.RedisOutOfMemoryException
        || (message != null && message.contains("used memory > 'maxmemory'"));
  }

  /** FCALL is unknown (a server before 7, so no script flags either) or refused by an ACL. */
  private void noFunctions(RedisException e) {
    if (e.getMessage() != null && e.getMessage().contains("unknown command")) {
      scriptFlags = false;
    }
    useFunctions = false;
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
      resendable.function().loadAndReplace(library.name(), library.code());
    } catch (RedisException e) {
      if (!functionsUnavailable(e)) {
        throw e;
      }
      noFunctions(e);
    }
  }

  private List<Object> fcall(Calls calls, Script which, String routingKey, List<Object> keyList,
      Object[] values) {
    List<Object> reply = calls.function().call(routingKey, FunctionMode.WRITE, library.function(which),
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

  private List<Object> evalSource(Calls calls, Script which, String routingKey,
      List<Object> keyList, Object[] values) {
    boolean flags = scriptFlags;
    try {
      List<Object> reply = calls.script().eval(routingKey, RScript.Mode.READ_WRITE,
          library.source(which, flags),
          RScript.ReturnType.LIST, keyList, values);
      return reply == null ? List.of() : reply;
    } catch (RedisException e) {
      if (!flags || !flagsRefused(e)) {
        throw e;
      }
      scriptFlags = false; // a server before 7 cannot compile the flags line
      return evalSource(calls, which, routingKey, keyList, values);
    }
  }

  private static boolean flagsRefused(RedisException e) {
    String message = e.getMessage();
    return message != null && message.contains("Error compiling script");
  }

  private List<Object> eval(Calls calls, Script which, String routingKey, List<Object> keyList,
      Object[] values) {
    List<Object> reply = calls.script().evalSha(routingKey, RScript.Mode.READ_WRITE,
        library.sha(which, scriptFlags), RScript.ReturnType.LIST, keyList, values);
    return reply == null ? List.of() : reply;
  }
}
