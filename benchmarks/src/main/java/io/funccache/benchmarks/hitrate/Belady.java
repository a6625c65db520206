package io.funccache.benchmarks.hitrate;

import java.util.Arrays;

/**
 * Bélády's optimal policy, offline: on a miss with the cache full, the entry (among those cached
 * and the one just asked for) whose next use lies farthest ahead is the one not kept. The new entry
 * may be that one (it is then not cached: a bypass), so this bounds every policy from above, also
 * those that may refuse to admit an entry (W-TinyLFU).
 */
public final class Belady {
  private Belady() {}

  /** Hits of the optimal cache of {@code capacity} entries over the whole trace. */
  public static long hits(Trace trace, int capacity) {
    int[] ids = trace.ids();
    int n = ids.length;
    if (capacity <= 0) {
      return 0;
    }
    int[] next = nextUse(ids, trace.distinct());
    boolean[] cached = new boolean[trace.distinct()];
    // Max-heap of next-use positions of cached entries. A position p < n belongs to request p, so
    // its entry is ids[p]; an entry never used again gets n + id. Every key is unique. A hit leaves
    // the entry's old key (the current position) in the heap: stale keys are never above a live
    // one, since every live key lies in the future.
    IntMaxHeap heap = new IntMaxHeap(Math.min(n, capacity * 2) + 16);
    int size = 0;
    long hits = 0;
    for (int i = 0; i < n; i++) {
      int id = ids[i];
      int key = next[i] < n ? next[i] : n + id;
      if (cached[id]) {
        hits++;
        heap.push(key);
        continue;
      }
      if (size < capacity) {
        cached[id] = true;
        size++;
        heap.push(key);
        continue;
      }
      while (heap.peek() <= i) {
        heap.pop(); // stale: the position of a hit already served
      }
      if (key > heap.peek()) {
        continue; // the new entry is the one used last: keep the cache as it is
      }
      int victimKey = heap.pop();
      cached[victimKey < n ? ids[victimKey] : victimKey - n] = false;
      cached[id] = true;
      heap.push(key);
    }
    return hits;
  }

  /** next[i]: the position of the next request for ids[i] after i, or n when there is none. */
  static int[] nextUse(int[] ids, int distinct) {
    int n = ids.length;
    int[] next = new int[n];
    int[] seen = new int[distinct];
    Arrays.fill(seen, n);
    for (int i = n - 1; i >= 0; i--) {
      next[i] = seen[ids[i]];
      seen[ids[i]] = i;
    }
    return next;
  }

  /** A binary max-heap of ints that grows as needed. */
  static final class IntMaxHeap {
    private int[] a;
    private int size;

    IntMaxHeap(int capacity) {
      a = new int[Math.max(16, capacity)];
    }

    int peek() {
      return a[0];
    }

    void push(int v) {
      if (size == a.length) {
        a = Arrays.copyOf(a, a.length * 2);
      }
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (a[parent] >= v) {
          break;
        }
        a[i] = a[parent];
        i = parent;
      }
      a[i] = v;
    }

    int pop() {
      int top = a[0];
      int last = a[--size];
      int i = 0;
      int half = size >>> 1;
      while (i < half) {
        int child = 2 * i + 1;
        if (child + 1 < size && a[child + 1] > a[child]) {
          child++;
        }
        if (a[child] <= last) {
          break;
        }
        a[i] = a[child];
        i = child;
      }
      a[i] = last;
      return top;
    }
  }
}
