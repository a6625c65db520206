package io.funccache;

/**
 * What a read does with bytes in Redis that the cache cannot decode: a class that changed or
 * vanished in a deployment, a class the codec's allow-list refuses, or corrupt bytes. Either way a
 * refused class is never instantiated.
 */
public enum OnDecodeFailure {
  /**
   * The default: the read answers as if the entry were missing (a miss in the statistics, so a
   * read-through cache or an annotated method recomputes it), the entry is removed from Redis if
   * it still holds the same bytes, and one warning per cache and cause is logged. A cache is an
   * optimisation: a recomputed value is better than a failed request.
   */
  MISS,
  /** The read fails with a {@code CodecException} naming the cache, the key and the cause. */
  THROW
}
