package io.funccache;

/**
 * How a bounded cache picks the entry to evict when a new entry would exceed its {@code maxSize}.
 * Each policy's scoring lives once, in {@code io/funccache/store/lib.lua}.
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
  RR
}
