package io.funccache.store;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Redis keys of one cache: {@code <prefix>{<namespace>:<cacheName>}:<part>}. One hash tag per
 * cache puts every key of a cache in one cluster slot, so each script touches one slot.
 *
 * <p>Namespace and name are percent-escaped ({@code %}, {@code {}, {@code }}, {@code :}), so no name
 * can end the hash tag early and no (namespace, name) pair can collide with another.
 */
public record CacheKeys(String index, String values, String deadlines, String meta) {

  /** The pub/sub channel on which scripts publish this cache's changes for other JVMs. */
  public String events() {
    return meta.substring(0, meta.length() - 1) + "events";
  }

  /** The single-flight leases: a hash, id -> owner and deadline. */
  public String leases() {
    return meta.substring(0, meta.length() - 1) + "l";
  }

  /** Old policy scores of entries not yet re-scored after a policy change: a sorted set. */
  public String rescoring() {
    return meta.substring(0, meta.length() - 1) + "r";
  }

  /** The eviction policy's own state (a frequency sketch, a ghost list): any type. */
  public String policyState() {
    return meta.substring(0, meta.length() - 1) + "s";
  }

  /** A second key of the policy's own state. */
  public String policyState2() {
    return meta.substring(0, meta.length() - 1) + "t";
  }

  /** The keys in the order every script expects them (lib.lua's KEYS). */
  public List<Object> asList() {
    return List.of(index, values, deadlines, meta, policyState(), policyState2(), leases(),
        rescoring());
  }

  /**
   * {@link #asList()} as UTF-8 bytes, for the wire: a store builds it once, so that no call encodes
   * its key names again.
   */
  public List<Object> encoded() {
    return asList().stream()
        .map(key -> (Object) ((String) key).getBytes(StandardCharsets.UTF_8))
        .toList();
  }

  /**
   * The keys most operations declare, as UTF-8 bytes: index, values, deadlines and metadata, and
   * with {@code policyState} the policy's own two (the first four or six of {@link #encoded()}).
   */
  public List<Object> data(boolean policyState) {
    return encoded().subList(0, policyState ? 6 : 4);
  }

  public static CacheKeys of(String prefix, String namespace, String cacheName) {
    String base = prefix + "{" + escape(namespace) + ":" + escape(cacheName) + "}:";
    return new CacheKeys(base + "0", base + "1", base + "2", base + "m");
  }

  /**
   * The keys of shard {@code shard} of a sharded cache: {@code <prefix>{<namespace>:<name>:<shard>}}.
   * Escaped names hold no ':', so no shard's tag can equal another cache's.
   */
  public static CacheKeys ofShard(String prefix, String namespace, String cacheName, int shard) {
    String base = prefix + "{" + escape(namespace) + ":" + escape(cacheName) + ":" + shard + "}:";
    return new CacheKeys(base + "0", base + "1", base + "2", base + "m");
  }

  static String escape(String part) {
    StringBuilder out = new StringBuilder(part.length() + 8);
    part.codePoints().forEach(cp -> {
      switch (cp) {
        case '%' -> out.append("%25");
        case '{' -> out.append("%7B");
        case '}' -> out.append("%7D");
        case ':' -> out.append("%3A");
        default -> out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }
}
