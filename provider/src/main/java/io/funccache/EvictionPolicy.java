package io.funccache;

/**
 * How a bounded cache picks the entry to evict when a new entry would exceed its {@code maxSize}.
 * Each policy's scoring is its own Lua file, {@code io/funccache/store/policies/<name>.lua}.
 */
public enum EvictionPolicy {
  /** Least recently used: every read hit and write makes an entry the most recent. */
  LRU,
  /** LRU on Redis's clock (milliseconds): cheaper, approximate when milliseconds tie. */
  LRU_T,
  /** Least frequently used: hits count; ties go to the least recently used. */
  LFU,
  /** First in, first out: neither hits nor updates change the order. */
  FIFO,
  /** Most recently used is evicted first. */
  MRU,
  /** Random replacement. */
  RR,
  /**
   * S3-FIFO (Yang et al., SOSP 2023): a new entry waits in a small FIFO (a tenth of maxSize) and
   * moves on to the main FIFO only if it is hit twice there; entries evicted from the small FIFO
   * are remembered (a ghost list of hashes, up to nine tenths of maxSize) and come back straight
   * into the main one, where a hit entry survives up to three more rounds. Pick it for read-mostly
   * caches with a popular core and many keys read once or in scans (database pages, key-value and
   * ORM lookups). On the public traces (docs/policies.md) it beats LRU on 11 of 13 rows (OLTP at
   * 1,000 entries: 40.8 against 32.8 %; a looping trace: by 15 to 24 points), ties on a
   * recency-biased one, and is at most 1.3 points below where recency rules. A hit writes nothing
   * once the entry has been hit three times since it last moved.
   */
  S3FIFO,
  /**
   * SIEVE (Zhang et al., NSDI 2024): one FIFO with a visited bit per entry; a hand moving from the
   * oldest to the newest clears the bits it passes and evicts the first entry that was not hit
   * since. A hit writes only when it sets the bit, so the hot entries of a skewed workload are
   * read for free. Pick it for skewed, stable popularity: on Zipf 1.0 it hits 67.1 % at 100
   * entries against LRU's 57.5 %; on database and key-value traces it stays within 2 points of
   * LRU either way. Avoid it where keys come back once, soon after their first use: new entries
   * are its first victims (a recency-biased trace: 0.75 % against LRU's 33 %; a recency-friendly
   * file system trace: 3.8 points below LRU).
   */
  SIEVE,
  /**
   * W-TinyLFU (Einziger, Friedman and Manes, 2017), the policy of Caffeine: new entries wait in a
   * small LRU window; to stay on they must beat the main region's least recent entry on an
   * estimate of how often each was used lately (a count-min sketch of 4-bit counters that halve
   * as they age, kept next to the cache in Redis); the main region keeps a protected LRU for
   * entries hit again. The window's size adapts to the workload (Caffeine's hill climber). Pick it
   * when you do not know the workload: it follows frequency where frequency matters (database
   * pages, skewed key-value lookups, loops and scans) and comes close to LRU where recency rules.
   * On the public traces (docs/policies.md) it is at most 0.5 points below Caffeine itself (OLTP
   * at 1,000 entries: 39.3 against 39.8 %, LRU 32.8) and up to 9.5 above (a looping trace), and
   * at most 1.7 points below LRU where recency rules (Caffeine: 4.7). Costs: every hit writes (the
   * sketch and the entry's place), two to three times what an LRU hit costs inside Redis, and the
   * sketch takes about 8 bytes per entry of maxSize (up to a power of two).
   */
  TINYLFU
}
