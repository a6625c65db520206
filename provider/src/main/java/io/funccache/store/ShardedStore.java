package io.funccache.store;

import io.funccache.near.NearCache;
import io.funccache.store.CacheStore.PutMode;
import io.funccache.store.StoreReplies.BatchLookup;
import io.funccache.store.StoreReplies.BatchRemoval;
import io.funccache.store.StoreReplies.BatchWrite;
import io.funccache.store.StoreReplies.Lookup;
import io.funccache.store.StoreReplies.PutOutcome;
import io.funccache.store.StoreReplies.Removal;
import io.funccache.store.StoreReplies.ScanPage;
import io.funccache.store.StoreReplies.Write;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.zip.CRC32;

/**
 * A cache's data over one or more shards, each a {@link CacheStore} with a hash tag of its own (so
 * that on a cluster the shards spread over the masters). An entry lives in the shard its encoded
 * key hashes to (CRC32, the same in every JVM); each shard bounds itself to its part of maxSize,
 * so the policy is exact per shard and approximate over the whole cache. Batches run one call per
 * shard involved, in parallel.
 */
public final class ShardedStore {
  private final List<CacheStore> shards;
  private final Executor executor;
  private final NearCache near;

  /** {@code near} is the cache's local tier, or null when it has none. */
  public ShardedStore(List<CacheStore> shards, Executor executor, NearCache near) {
    this.shards = List.copyOf(shards);
    this.executor = executor;
    this.near = near;
  }

  public boolean hasNearCache() {
    return near != null;
  }

  /** The near cache, or null. */
  public NearCache nearCache() {
    return near;
  }

  /** Another JVM changed {@code id} (or, for an empty id, dropped every entry). */
  public void invalidateNear(byte[] id) {
    if (near != null) {
      if (id.length == 0) {
        near.invalidateAll();
      } else {
        invalidate(id);
      }
    }
  }

  private void invalidate(byte[] id) {
    if (near != null) {
      near.invalidate(id);
    }
  }

  private void invalidate(List<byte[]> ids) {
    if (near != null) {
      ids.forEach(near::invalidate);
    }
  }

  public List<CacheStore> shards() {
    return shards;
  }

  /** The keys of an unsharded cache (tools and tests). */
  public CacheKeys keys() {
    if (shards.size() != 1) {
      throw new IllegalStateException("a sharded cache has the keys of each shard: use shards()");
    }
    return shards.get(0).keys();
  }

  public String origin() {
    return shards.get(0).origin();
  }

  /** The part of {@code maxSize} shard {@code index} of {@code count} holds: exact in total. */
  public static long shareOf(long maxSize, int count, int index) {
    if (maxSize == 0) {
      return 0;
    }
    long share = maxSize / count + (index < maxSize % count ? 1 : 0);
    return Math.max(1, share);
  }

  CacheStore shardOf(byte[] id) {
    return shards.get(indexOf(id));
  }

  private int indexOf(byte[] id) {
    if (shards.size() == 1) {
      return 0;
    }
    CRC32 crc = new CRC32();
    crc.update(id);
    return (int) (crc.getValue() % shards.size());
  }

  /**
   * A read; with a near cache, a near hit never reaches Redis (so it moves no policy score and
   * applies no access expiry there: see the README).
   */
  public Lookup get(byte[] id, long access) {
    if (near == null) {
      return shardOf(id).get(id, access);
    }
    byte[] held = near.get(id);
    if (held != null) {
      return new Lookup(held, 0, Lookup.NO_DEADLINE);
    }
    long generation = near.generation();
    Lookup lookup = shardOf(id).get(id, access, true);
    if (lookup.value() != null) {
      near.put(id, lookup.value(), lookup.remainingMillis(), generation);
    }
    return lookup;
  }

  public StoreReplies.Leased lease(byte[] id, long leaseMillis, long access) {
    return shardOf(id).lease(id, leaseMillis, access);
  }

  public void release(byte[] id) {
    shardOf(id).release(id);
  }

  /** See {@link CacheStore#peekOrLease}: no near cache, as {@link #peek}. */
  public StoreReplies.Leased peekOrLease(byte[] id, byte[] owner, long leaseMillis) {
    return shardOf(id).peekOrLease(id, owner, leaseMillis);
  }

  public void release(byte[] id, byte[] owner) {
    shardOf(id).release(id, owner);
  }

  public Lookup peek(byte[] id) {
    return shardOf(id).peek(id);
  }

  public boolean contains(byte[] id) {
    return shardOf(id).contains(id);
  }

  public boolean setExpiry(byte[] id, long code) {
    invalidate(id);
    return shardOf(id).setExpiry(id, code);
  }

  public Write put(PutMode mode, byte[] id, byte[] value, byte[] expected, long creation,
      long update, long access, boolean returnPrevious) {
    return put(mode, id, value, expected, creation, update, access, returnPrevious, null);
  }

  /** A put that ends {@code leaseOwner}'s lease on {@code id} in the same call (null: none). */
  public Write put(PutMode mode, byte[] id, byte[] value, byte[] expected, long creation,
      long update, long access, boolean returnPrevious, byte[] leaseOwner) {
    invalidate(id);
    return shardOf(id).put(mode, id, value, expected, creation, update, access, returnPrevious,
        leaseOwner);
  }

  public Removal remove(byte[] id, byte[] expected, long access, boolean returnPrevious) {
    invalidate(id);
    return shardOf(id).remove(id, expected, access, returnPrevious);
  }

  public BatchLookup getAll(List<byte[]> ids, long access) {
    if (shards.size() == 1) {
      return shards.get(0).getAll(ids, access);
    }
    List<List<Integer>> groups = group(ids);
    List<BatchLookup> replies = perShard(groups,
        (shard, positions) -> shards.get(shard).getAll(pick(ids, positions), access));
    byte[][] values = new byte[ids.size()][];
    int expired = 0;
    for (int shard = 0; shard < shards.size(); shard++) {
      BatchLookup reply = replies.get(shard);
      if (reply != null) {
        expired += reply.expired();
        scatter(values, groups.get(shard), reply.values());
      }
    }
    return new BatchLookup(Arrays.asList(values), expired);
  }

  public BatchWrite putAll(List<byte[]> ids, List<byte[]> values, long creation, long update,
      boolean returnPrevious) {
    invalidate(ids);
    if (shards.size() == 1) {
      return shards.get(0).putAll(ids, values, creation, update, returnPrevious);
    }
    List<List<Integer>> groups = group(ids);
    List<BatchWrite> replies = perShard(groups, (shard, positions) -> shards.get(shard)
        .putAll(pick(ids, positions), pick(values, positions), creation, update, returnPrevious));
    int created = 0;
    int updated = 0;
    int evicted = 0;
    int expired = 0;
    PutOutcome[] outcomes = new PutOutcome[ids.size()];
    byte[][] previous = new byte[ids.size()][];
    for (int shard = 0; shard < shards.size(); shard++) {
      BatchWrite reply = replies.get(shard);
      if (reply != null) {
        created += reply.created();
        updated += reply.updated();
        evicted += reply.evicted();
        expired += reply.expired();
        if (returnPrevious) {
          scatter(outcomes, groups.get(shard), reply.outcomes());
          scatter(previous, groups.get(shard), reply.previous());
        }
      }
    }
    return new BatchWrite(created, updated, evicted, expired,
        returnPrevious ? Arrays.asList(outcomes) : List.of(),
        returnPrevious ? Arrays.asList(previous) : List.of());
  }

  public BatchRemoval removeAll(List<byte[]> ids, boolean returnPrevious) {
    invalidate(ids);
    if (shards.size() == 1) {
      return shards.get(0).removeAll(ids, returnPrevious);
    }
    List<List<Integer>> groups = group(ids);
    List<BatchRemoval> replies = perShard(groups,
        (shard, positions) -> shards.get(shard).removeAll(pick(ids, positions), returnPrevious));
    int removed = 0;
    int expired = 0;
    byte[][] previous = new byte[ids.size()][];
    for (int shard = 0; shard < shards.size(); shard++) {
      BatchRemoval reply = replies.get(shard);
      if (reply != null) {
        removed += reply.removed();
        expired += reply.expired();
        if (returnPrevious) {
          scatter(previous, groups.get(shard), reply.previous());
        }
      }
    }
    return new BatchRemoval(removed, expired,
        returnPrevious ? Arrays.asList(previous) : List.of());
  }

  /**
   * One page of iteration over all shards, one after the other. The cursor is the shard's own
   * cursor prefixed with the shard's index ({@code 2:1234}); "0" starts and ends.
   */
  public ScanPage scan(byte[] cursor, int pageSize, long access) {
    if (shards.size() == 1) {
      return shards.get(0).scan(cursor, pageSize, access);
    }
    String text = new String(cursor, StandardCharsets.US_ASCII);
    int shard = 0;
    String inner = "0";
    if (!text.equals("0")) {
      int colon = text.indexOf(':');
      shard = Integer.parseInt(text.substring(0, colon));
      inner = text.substring(colon + 1);
    }
    ScanPage page = shards.get(shard).scan(inner.getBytes(StandardCharsets.US_ASCII), pageSize,
        access);
    String next;
    if (!page.last()) {
      next = shard + ":" + new String(page.cursor(), StandardCharsets.US_ASCII);
    } else if (shard + 1 < shards.size()) {
      next = (shard + 1) + ":0";
    } else {
      next = "0";
    }
    return new ScanPage(next.getBytes(StandardCharsets.US_ASCII), page.ids(), page.values(),
        page.expired());
  }

  public long clear() {
    if (near != null) {
      near.invalidateAll();
    }
    long live = 0;
    for (CacheStore shard : shards) {
      live += shard.clear();
    }
    return live;
  }

  public boolean destroy() {
    if (near != null) {
      near.invalidateAll();
    }
    boolean any = false;
    for (CacheStore shard : shards) {
      any |= shard.destroy();
    }
    return any;
  }

  public void bind() {
    shards.forEach(CacheStore::bind);
  }

  public void listen(long millis) {
    shards.forEach(shard -> shard.listen(millis));
  }

  /** Positions of the ids, grouped by the shard each belongs to. */
  private List<List<Integer>> group(List<byte[]> ids) {
    List<List<Integer>> groups = new ArrayList<>(shards.size());
    for (int i = 0; i < shards.size(); i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < ids.size(); i++) {
      groups.get(indexOf(ids.get(i))).add(i);
    }
    return groups;
  }

  private interface ShardCall<R> {
    R call(int shard, List<Integer> positions);
  }

  /** One call per shard with work, in parallel; null for shards without any. */
  private <R> List<R> perShard(List<List<Integer>> groups, ShardCall<R> call) {
    List<CompletableFuture<R>> futures = new ArrayList<>(groups.size());
    for (int shard = 0; shard < groups.size(); shard++) {
      List<Integer> positions = groups.get(shard);
      int index = shard;
      futures.add(positions.isEmpty() ? CompletableFuture.completedFuture(null)
          : CompletableFuture.supplyAsync(() -> call.call(index, positions), executor));
    }
    List<R> results = new ArrayList<>(futures.size());
    try {
      for (CompletableFuture<R> future : futures) {
        results.add(future.join());
      }
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
    return results;
  }

  private static <T> List<T> pick(List<T> items, List<Integer> positions) {
    List<T> picked = new ArrayList<>(positions.size());
    for (int position : positions) {
      picked.add(items.get(position));
    }
    return picked;
  }

  private static <T> void scatter(T[] target, List<Integer> positions, List<T> values) {
    for (int i = 0; i < positions.size(); i++) {
      target[positions.get(i)] = values.get(i);
    }
  }
}
