package io.funccache.store;

import java.util.List;

/** What the scripts answer, decoded from their reply arrays. */
public final class StoreReplies {
  private StoreReplies() {}

  /**
   * A single read: the value (null on a miss), how many expired entries the read dropped, and how
   * many ms the entry has left to live in Redis ({@link #NO_DEADLINE}: no deadline, or not asked
   * for). A remaining time rather than a deadline, because this JVM's clock may not be Redis's.
   */
  public record Lookup(byte[] value, int expired, long remainingMillis) {
    public static final long NO_DEADLINE = -1;
  }

  /** A single-flight read: the value, or whether this client holds the lease to compute it. */
  public record Leased(byte[] value, LeaseState state) {}

  public enum LeaseState {
    HIT,
    OWNER,
    WAIT
  }

  /** A batch read: one value or null per id, in order. */
  public record BatchLookup(List<byte[]> values, int expired) {}

  /** What a put-family script did. */
  public enum PutOutcome {
    ABSENT_UNCHANGED,
    PRESENT_UNCHANGED,
    CREATED,
    UPDATED,
    NOT_STORED_EXPIRED,
    REMOVED_EXPIRED
  }

  public record Write(PutOutcome outcome, byte[] previous, int evicted, int expired) {
    public boolean wasPresent() {
      return outcome == PutOutcome.PRESENT_UNCHANGED
          || outcome == PutOutcome.UPDATED
          || outcome == PutOutcome.REMOVED_EXPIRED;
    }
  }

  /** A putAll: counts, and per pair its outcome and previous value when asked for. */
  public record BatchWrite(int created, int updated, int evicted, int expired,
      List<PutOutcome> outcomes, List<byte[]> previous) {}

  public enum RemoveOutcome {
    ABSENT,
    PRESENT_UNCHANGED,
    REMOVED
  }

  public record Removal(RemoveOutcome outcome, byte[] previous, int expired) {}

  public record BatchRemoval(int removed, int expired, List<byte[]> previous) {}

  /** One page of iteration: the next cursor ("0" when done) and live entries as id, value pairs. */
  public record ScanPage(byte[] cursor, List<byte[]> ids, List<byte[]> values, int expired) {
    public boolean last() {
      return cursor.length == 1 && cursor[0] == '0';
    }
  }

  /** What binding a configuration to existing data found and did. */
  public record Binding(String previousPolicy, Long previousMaxSize, long rescored, long evicted) {}
}
