package io.funccache.store;

import io.funccache.EvictionPolicy;
import io.funccache.RedisOutOfMemoryException;
import io.funccache.RedisUnavailableException;
import io.funccache.expiry.ExpiryCodes;
import io.funccache.store.StoreReplies.BatchLookup;
import io.funccache.store.StoreReplies.BatchRemoval;
import io.funccache.store.StoreReplies.BatchWrite;
import io.funccache.store.StoreReplies.Binding;
import io.funccache.store.StoreReplies.Lookup;
import io.funccache.store.StoreReplies.PutOutcome;
import io.funccache.store.StoreReplies.Removal;
import io.funccache.store.StoreReplies.RemoveOutcome;
import io.funccache.store.StoreReplies.ScanPage;
import io.funccache.store.StoreReplies.Write;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * One cache's data in Redis, in bytes: each method is one script call, one round trip. Atomicity
 * lives here, in the scripts; the JCache layer above translates keys, values and semantics.
 */
public final class CacheStore {
  /** Most evictions one bind call makes when a cache shrinks; binding loops until it fits. */
  private static final int BIND_STEPS_PER_CALL = 2_000;
  private static final byte[] EMPTY = new byte[0];

  private final String cacheName;
  private final CacheKeys keys;
  /** The keys most calls declare, and those of the calls that declare them all (Script.Keys). */
  private final List<Object> dataKeys;
  private final List<Object> allKeys;
  private final ScriptRunner runner;
  private final ScriptClock clock;
  private final String origin;
  private final byte[] originArg;
  private final CircuitBreaker breaker;
  /** lib.lua's header for each combination of flags (Script.header), built once. */
  private final byte[][] headers;
  private final boolean hasTtl;

  private static final int RETURN_PREVIOUS = Script.RETURN_PREVIOUS;
  private static final int RETURN_DEADLINE = Script.RETURN_DEADLINE;
  private static final byte[][] SMALL_NUMBERS = {ascii("-2"), ascii("-1"), ascii("0")};
  private static final byte[] REMOVE = ascii("remove");
  private static final byte[] PEEK_ONLY = ascii("1");
  private static final byte[] REMOVE_IF_EQUALS = ascii("remove_if_equals");
  // values() copies its array on every call; replies index these.
  private static final PutOutcome[] PUT_OUTCOMES = PutOutcome.values();
  private static final RemoveOutcome[] REMOVE_OUTCOMES = RemoveOutcome.values();

  /**
   * @param origin this client's id, carried in the events scripts publish so that the client
   *     can recognise (and skip) its own changes
   */
  public CacheStore(String cacheName, CacheKeys keys, ScriptRunner runner, EvictionPolicy policy,
      long maxSize, long ttlMillis, java.time.InstantSource clock, String origin) {
    this(cacheName, keys, runner, policy.name(), maxSize, ttlMillis, clock, origin);
  }

  /** @param policy a built-in policy's name or one of {@code runner}'s library's own */
  public CacheStore(String cacheName, CacheKeys keys, ScriptRunner runner, String policy,
      long maxSize, long ttlMillis, InstantSource clock, String origin) {
    if (!runner.library().knows(policy)) {
      throw new IllegalArgumentException("funccache cache '" + cacheName + "': policy " + policy
          + " is neither built in " + java.util.Arrays.toString(EvictionPolicy.values())
          + " nor one of this manager's own" + ownPolicies(runner.library())
          + " (declare it under policies: in funccache.yaml)");
    }
    this.cacheName = cacheName;
    this.keys = keys;
    this.allKeys = keys.encoded();
    this.dataKeys = keys.data(runner.library().hasState(policy));
    this.runner = runner;
    this.clock = new ScriptClock(clock, runner, cacheName, keys);
    this.origin = origin;
    this.originArg = origin.getBytes(StandardCharsets.UTF_8);
    this.breaker = new CircuitBreaker(cacheName, runner.serverDescription());
    this.headers = new byte[16][];
    for (int flags = 0; flags < headers.length; flags++) {
      headers[flags] = Script.header(flags, policy, maxSize, ttlMillis, originArg);
    }
    this.hasTtl = ttlMillis > 0;
  }

  public CacheKeys keys() {
    return keys;
  }

  /** This client's id in published events. */
  public String origin() {
    return origin;
  }

  /**
   * Asks the scripts to publish changes for the next {@code millis}: some listener in this JVM
   * wants to hear about other JVMs' writes. Repeated while it does.
   */
  public void listen(long millis) {
    call(Script.LISTEN, 0, number(millis));
  }

  public Lookup get(byte[] id, long accessCode) {
    return get(id, accessCode, false);
  }

  /** A read; {@code withDeadline} asks for the entry's expiry deadline too (near caches). */
  public Lookup get(byte[] id, long accessCode, boolean withDeadline) {
    byte[] arg = EntryIds.argument(id);
    int flags = (withDeadline ? RETURN_DEADLINE : 0) | digests(arg, id);
    List<Object> reply = run(Script.GET, header(flags, 2), number(accessCode), arg);
    // get.lua leaves out the expired count and the lifetime when they are 0 and none.
    return reply.size() == 1 ? new Lookup(bytes(reply, 0), 0, Lookup.NO_DEADLINE)
        : new Lookup(bytes(reply, 0), integer(reply, 1), longValue(reply, 2));
  }

  /**
   * Most ids one script call names: a larger batch is sent as several calls, so that no call
   * holds Redis for long (about a millisecond each, whatever the batch).
   */
  static final int IDS_PER_CALL = 1_000;

  public BatchLookup getAll(List<byte[]> ids, long accessCode) {
    if (ids.size() <= IDS_PER_CALL) {
      return getAllAtOnce(ids, accessCode);
    }
    List<byte[]> values = new ArrayList<>(ids.size());
    int expired = 0;
    for (List<byte[]> part : parts(ids)) {
      BatchLookup lookup = getAllAtOnce(part, accessCode);
      values.addAll(lookup.values());
      expired += lookup.expired();
    }
    return new BatchLookup(values, expired);
  }

  private static List<List<byte[]>> parts(List<byte[]> ids) {
    List<List<byte[]>> parts = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IDS_PER_CALL) {
      parts.add(ids.subList(from, Math.min(ids.size(), from + IDS_PER_CALL)));
    }
    return parts;
  }

  private BatchLookup getAllAtOnce(List<byte[]> ids, long accessCode) {
    List<byte[]> entryArgs = EntryIds.arguments(ids);
    List<byte[]> args = header(digests(entryArgs, ids), ids.size() + 1);
    args.add(number(accessCode));
    args.addAll(entryArgs);
    List<Object> reply = run(Script.GET_ALL, args);
    List<byte[]> values = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      values.add(bytes(reply, i + 1));
    }
    return new BatchLookup(values, integer(reply, 0));
  }

  /** The value without using it: no policy score, expiry or ttl change. */
  public Lookup peek(byte[] id) {
    byte[] arg = EntryIds.argument(id);
    List<Object> reply = call(Script.PEEK, digests(arg, id), arg);
    return new Lookup(bytes(reply, 1), integer(reply, 0), Lookup.NO_DEADLINE);
  }

  /**
   * A read that, on a miss, grants this client a lease of {@code leaseMillis} to compute the
   * value, unless another client holds a live one.
   */
  public StoreReplies.Leased lease(byte[] id, long leaseMillis, long access) {
    byte[] arg = EntryIds.argument(id);
    return leased(call(Script.LEASE, digests(arg, id), arg, originArg, number(leaseMillis),
        number(access)));
  }

  /**
   * An entry processor's read: the value as {@link #peek} reads it, or, on a miss, a lease of
   * {@code leaseMillis} for {@code owner} unless someone else holds a live one. One call.
   */
  public StoreReplies.Leased peekOrLease(byte[] id, byte[] owner, long leaseMillis) {
    byte[] arg = EntryIds.argument(id);
    return leased(call(Script.LEASE, digests(arg, id), arg, owner, number(leaseMillis),
        number(ExpiryCodes.KEEP), PEEK_ONLY));
  }

  private static StoreReplies.Leased leased(List<Object> reply) {
    byte[] state = bytes(reply, 1);
    return new StoreReplies.Leased(bytes(reply, 0), switch (state[0]) {
      case 'h' -> StoreReplies.LeaseState.HIT;
      case 'o' -> StoreReplies.LeaseState.OWNER;
      case 'w' -> StoreReplies.LeaseState.WAIT;
      default -> throw new IllegalStateException("unknown lease state "
          + new String(state, StandardCharsets.US_ASCII));
    });
  }

  /** Drops this client's lease on {@code id}. */
  public void release(byte[] id) {
    release(id, originArg);
  }

  /** Drops {@code owner}'s lease on {@code id}; anyone else's stays. */
  public void release(byte[] id, byte[] owner) {
    byte[] arg = EntryIds.argument(id);
    call(Script.RELEASE, digests(arg, id), arg, owner);
  }

  /** Applies an expiry code to a live entry (ZERO removes it); returns whether it was live. */
  public boolean setExpiry(byte[] id, long code) {
    byte[] arg = EntryIds.argument(id);
    return integer(call(Script.SET_EXPIRY, digests(arg, id), arg, number(code)), 0) == 1;
  }

  public boolean contains(byte[] id) {
    byte[] arg = EntryIds.argument(id);
    return integer(call(Script.CONTAINS, digests(arg, id), arg), 0) == 1;
  }

  public Write put(PutMode mode, byte[] id, byte[] value, byte[] expected, long creation,
      long update, long access, boolean returnPrevious) {
    return put(mode, id, value, expected, creation, update, access, returnPrevious, null);
  }

  /** A put that also ends {@code leaseOwner}'s lease on {@code id} (null: none), in one call. */
  public Write put(PutMode mode, byte[] id, byte[] value, byte[] expected, long creation,
      long update, long access, boolean returnPrevious, byte[] leaseOwner) {
    byte[] spec = putSpec(mode, creation, update, access);
    byte[] arg = EntryIds.argument(id);
    int flags = previous(returnPrevious) | digests(arg, id);
    List<Object> reply;
    if (leaseOwner != null) {
      // Ending a lease touches the leases key: this call declares every key.
      reply = run(Script.PUT, allKeys, header(flags, 5), spec, arg, value,
          expected == null ? EMPTY : expected, leaseOwner);
    } else if (expected != null) {
      reply = call(Script.PUT, flags, spec, arg, value, expected);
    } else {
      reply = call(Script.PUT, flags, spec, arg, value);
    }
    return new Write(PUT_OUTCOMES[integer(reply, 0)], bytes(reply, 1), integer(reply, 2),
        integer(reply, 3));
  }

  /** The last put spec this store sent (most puts of a cache send the same one), and its codes. */
  private volatile PutSpec lastPutSpec;

  private record PutSpec(PutMode mode, long creation, long update, long access, byte[] wire) {}

  /** put.lua's first argument: {@code <mode>:<creation>:<update>:<access>}. */
  private byte[] putSpec(PutMode mode, long creation, long update, long access) {
    PutSpec last = lastPutSpec;
    if (last != null && last.mode == mode && last.creation == creation && last.update == update
        && last.access == access) {
      return last.wire;
    }
    byte[] wire = ascii(new String(mode.wire(), StandardCharsets.US_ASCII) + ":" + creation + ":"
        + update + ":" + access);
    lastPutSpec = new PutSpec(mode, creation, update, access, wire);
    return wire;
  }

  public BatchWrite putAll(List<byte[]> ids, List<byte[]> values, long creation, long update,
      boolean returnPrevious) {
    if (ids.size() <= IDS_PER_CALL) {
      return putAllAtOnce(ids, values, creation, update, returnPrevious);
    }
    int created = 0;
    int updated = 0;
    int evicted = 0;
    int expired = 0;
    List<PutOutcome> outcomes = new ArrayList<>();
    List<byte[]> previous = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IDS_PER_CALL) {
      int to = Math.min(ids.size(), from + IDS_PER_CALL);
      BatchWrite part = putAllAtOnce(ids.subList(from, to), values.subList(from, to), creation,
          update, returnPrevious);
      created += part.created();
      updated += part.updated();
      evicted += part.evicted();
      expired += part.expired();
      outcomes.addAll(part.outcomes());
      previous.addAll(part.previous());
    }
    return new BatchWrite(created, updated, evicted, expired, outcomes, previous);
  }

  private BatchWrite putAllAtOnce(List<byte[]> ids, List<byte[]> values, long creation,
      long update, boolean returnPrevious) {
    List<byte[]> entryArgs = EntryIds.arguments(ids);
    List<byte[]> args = header(previous(returnPrevious) | digests(entryArgs, ids),
        2 * ids.size() + 2);
    args.add(number(creation));
    args.add(number(update));
    for (int i = 0; i < ids.size(); i++) {
      args.add(entryArgs.get(i));
      args.add(values.get(i));
    }
    List<Object> reply = run(Script.PUT_ALL, args);
    List<PutOutcome> outcomes = new ArrayList<>();
    List<byte[]> previous = new ArrayList<>();
    if (returnPrevious) {
      for (int i = 0; i < ids.size(); i++) {
        outcomes.add(PUT_OUTCOMES[integer(reply, 4 + 2 * i)]);
        previous.add(bytes(reply, 5 + 2 * i));
      }
    }
    return new BatchWrite(integer(reply, 0), integer(reply, 1), integer(reply, 2),
        integer(reply, 3), outcomes, previous);
  }

  /** Removes an entry; with {@code expected} only when it holds exactly those bytes. */
  public Removal remove(byte[] id, byte[] expected, long access, boolean returnPrevious) {
    byte[] mode = expected == null ? REMOVE : REMOVE_IF_EQUALS;
    byte[] arg = EntryIds.argument(id);
    List<Object> reply = call(Script.REMOVE,
        previous(returnPrevious) | digests(arg, id), mode, arg,
        expected == null ? EMPTY : expected, number(access));
    return new Removal(REMOVE_OUTCOMES[integer(reply, 0)], bytes(reply, 1),
        integer(reply, 2));
  }

  public BatchRemoval removeAll(List<byte[]> ids, boolean returnPrevious) {
    if (ids.size() <= IDS_PER_CALL) {
      return removeAllAtOnce(ids, returnPrevious);
    }
    int removed = 0;
    int expired = 0;
    List<byte[]> previous = new ArrayList<>();
    for (List<byte[]> part : parts(ids)) {
      BatchRemoval removal = removeAllAtOnce(part, returnPrevious);
      removed += removal.removed();
      expired += removal.expired();
      previous.addAll(removal.previous());
    }
    return new BatchRemoval(removed, expired, previous);
  }

  private BatchRemoval removeAllAtOnce(List<byte[]> ids, boolean returnPrevious) {
    List<byte[]> entryArgs = EntryIds.arguments(ids);
    List<byte[]> args = header(previous(returnPrevious) | digests(entryArgs, ids),
        ids.size());
    args.addAll(entryArgs);
    List<Object> reply = run(Script.REMOVE_ALL, args);
    return new BatchRemoval(integer(reply, 0), integer(reply, 1),
        returnPrevious ? tail(reply, 2, ids.size()) : List.of());
  }

  public ScanPage scan(byte[] cursor, int pageSize, long access) {
    List<Object> reply = call(Script.SCAN, 0, cursor, number(pageSize), number(access));
    List<byte[]> ids = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    for (int i = 2; i + 1 < reply.size(); i += 2) {
      ids.add(bytes(reply, i));
      values.add(bytes(reply, i + 1));
    }
    return new ScanPage(bytes(reply, 0), ids, values, integer(reply, 1));
  }

  /** Drops every entry; returns how many live entries there were. */
  public long clear() {
    return longValue(call(Script.CLEAR, 0), 0);
  }

  private static String ownPolicies(ScriptLibrary library) {
    return library.userPolicies().isEmpty() ? ""
        : " " + library.userPolicies().stream().map(PolicySource::name).toList();
  }

  /** Deletes every key of the cache; returns whether there was any. */
  public boolean destroy() {
    return integer(call(Script.DESTROY, 0), 0) == 1;
  }

  /**
   * Records this configuration in the cache's metadata, re-scoring entries written under another
   * policy and evicting down to a smaller maxSize, in bounded batches.
   */
  public Binding bind() {
    List<Object> reply = call(Script.BIND, 0, number(BIND_STEPS_PER_CALL));
    runner.noteEarlierDataLayout(cacheName, text(reply, 7));
    String previousPolicy = text(reply, 0);
    byte[] previousMax = bytes(reply, 1);
    long rescored = longValue(reply, 2);
    long evicted = longValue(reply, 4);
    // Re-scoring and evicting down to a smaller maxSize go in bounded steps, one call each.
    while (longValue(reply, 3) > 0 || longValue(reply, 5) > 0) {
      reply = call(Script.BIND, 0, number(BIND_STEPS_PER_CALL));
      rescored += longValue(reply, 2);
      evicted += longValue(reply, 4);
    }
    runner.noteServerEvictionPolicy(cacheName, text(reply, 6), hasTtl);
    return new Binding(previousPolicy,
        previousMax == null ? null : Long.valueOf(new String(previousMax, StandardCharsets.US_ASCII)),
        rescored, evicted);
  }

  private List<Object> call(Script script, int flags, byte[]... opArgs) {
    return run(script, header(flags, opArgs.length), opArgs);
  }

  private static int previous(boolean returnPrevious) {
    return returnPrevious ? RETURN_PREVIOUS : 0;
  }

  /** The header flag for a call whose entry argument is {@code arg} for key {@code id}. */
  private static int digests(byte[] arg, byte[] id) {
    return arg == id ? 0 : Script.DIGEST_ARGS;
  }

  private static int digests(List<byte[]> args, List<byte[]> ids) {
    return args == ids ? 0 : Script.DIGEST_ARGS;
  }

  private List<Object> run(Script script, List<byte[]> args, byte[]... opArgs) {
    return run(script, script.keys() == Script.Keys.ALL ? allKeys : dataKeys, args, opArgs);
  }

  private List<Object> run(Script script, List<Object> declared, List<byte[]> args,
      byte[]... opArgs) {
    for (byte[] arg : opArgs) {
      args.add(arg);
    }
    return run(script, declared, args);
  }

  private List<Object> run(Script script, List<byte[]> args) {
    return run(script, script.keys() == Script.Keys.ALL ? allKeys : dataKeys, args);
  }

  /** Every script call of this store: through the circuit breaker. */
  private List<Object> run(Script script, List<Object> declared, List<byte[]> args) {
    breaker.beforeCall();
    List<Object> reply;
    try {
      reply = runner.run(cacheName, script, keys.index(), declared, args);
    } catch (RedisOutOfMemoryException e) {
      breaker.onAnswer(); // Redis answered: it is full, not gone
      throw e;
    } catch (RedisUnavailableException e) {
      breaker.onUnavailable();
      throw e;
    } catch (RuntimeException e) {
      breaker.onAnswer(); // an error reply (OOM, BUSY, READONLY, a script error) is an answer
      throw e;
    }
    breaker.onAnswer();
    return reply;
  }

  /**
   * lib.lua's header: one constant argument per combination of flags, and "now" after it only
   * for an injected clock (with Redis's clock the scripts read TIME when they need it).
   */
  private List<byte[]> header(int flags, int extra) {
    byte[] now = clock.argument();
    if (now == null) {
      List<byte[]> args = new ArrayList<>(1 + extra);
      args.add(headers[flags]);
      return args;
    }
    List<byte[]> args = new ArrayList<>(2 + extra);
    args.add(headers[flags | Script.GIVEN_NOW]);
    args.add(now);
    return args;
  }

  private static List<byte[]> tail(List<Object> reply, int from, int count) {
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(bytes(reply, from + i));
    }
    return out;
  }

  static byte[] number(long n) {
    // The expiry codes KEEP, ETERNAL and ZERO travel with almost every call.
    if (n >= -2 && n <= 0) {
      return SMALL_NUMBERS[(int) n + 2];
    }
    return ascii(Long.toString(n));
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] bytes(List<Object> reply, int index) {
    return index < reply.size() ? (byte[]) reply.get(index) : null;
  }

  private static String text(List<Object> reply, int index) {
    byte[] b = bytes(reply, index);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  private static long longValue(List<Object> reply, int index) {
    Object o = reply.get(index);
    return o instanceof Long l ? l : Long.parseLong(new String((byte[]) o, StandardCharsets.US_ASCII));
  }

  private static int integer(List<Object> reply, int index) {
    return Math.toIntExact(longValue(reply, index));
  }

  /** The conditional forms of a put. */
  public enum PutMode {
    PUT("put"),
    PUT_IF_ABSENT("put_if_absent"),
    REPLACE("replace"),
    REPLACE_IF_EQUALS("replace_if_equals");

    private final byte[] wire;

    PutMode(String wire) {
      this.wire = ascii(wire);
    }

    byte[] wire() {
      return wire;
    }
  }
}
