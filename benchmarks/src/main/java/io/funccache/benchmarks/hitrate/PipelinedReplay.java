package io.funccache.benchmarks.hitrate;

import io.funccache.store.CacheKeys;
import io.funccache.store.EntryIds;
import io.funccache.store.Script;
import io.funccache.store.ScriptLibrary;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many replays side by side over a few connections, each replay with one call in flight: the
 * calls of all replays on a connection go out together and their replies come back together
 * (pipelining across caches), so Redis, not round trips, sets the pace. Each replay stays in trace
 * order. The calls are funccache's own functions (FCALL of the built-in library, the same header
 * CacheStore sends: a changed layout is refused by the scripts, never misread), on caches that
 * {@code javax.cache} created and bound first; what differs from a replay through
 * {@code javax.cache} is only the client side (no codec, no statistics, raw RESP).
 */
final class PipelinedReplay {
  /** One cache's replay. */
  static final class Job {
    final Trace trace;
    final List<byte[]> keys;
    /** lib.lua's header, as CacheStore sends it: Redis's clock, no ttl. */
    final byte[] header;
    final byte[][] ids;
    int next;
    boolean putPending;
    long hits;
    Runnable done;

    Job(Trace trace, CacheKeys keys, String policy, long maxSize) {
      this.trace = trace;
      // The keys a get or put declares (CacheStore: the data keys, and the policy's own).
      this.keys = keys.data(ScriptLibrary.BUILT_IN.hasState(policy)).stream()
          .map(k -> (byte[]) k).toList();
      // Each key as CacheStore sends it (a long one after its digest id, flagged in the header).
      this.ids = new byte[trace.distinct()][];
      boolean digests = false;
      for (int i = 0; i < ids.length; i++) {
        byte[] key = ascii(trace.keys()[i]);
        ids[i] = EntryIds.argument(key);
        digests |= ids[i] != key;
      }
      this.header = Script.header(digests ? Script.DIGEST_ARGS : 0, policy, maxSize, 0, ORIGIN);
    }

    long hits() {
      return hits;
    }

    boolean finished() {
      return next >= trace.requests();
    }
  }

  private static final byte[] GET = ascii(ScriptLibrary.BUILT_IN.function(Script.GET));
  private static final byte[] PUT = ascii(ScriptLibrary.BUILT_IN.function(Script.PUT));
  private static final byte[] FCALL = ascii("FCALL");
  private static final byte[] KEEP = ascii("-2");
  /** put.lua's spec: mode put, created eternal, updates and accesses keep the deadline. */
  private static final byte[] PUT_SPEC = ascii("put:-1:-2:-2");
  private static final byte[] ORIGIN = ascii("hitrate");

  private PipelinedReplay() {}

  /** Runs {@code jobs} over {@code connections} connections; returns when all are done. */
  static void run(String url, List<Job> jobs, int connections, AtomicLong progress)
      throws InterruptedException {
    URI uri = URI.create(url);
    List<List<Job>> lanes = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      lanes.add(new ArrayList<>());
    }
    for (int i = 0; i < jobs.size(); i++) {
      lanes.get(i % connections).add(jobs.get(i));
    }
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (List<Job> lane : lanes) {
      Thread t = new Thread(() -> {
        try {
          runLane(uri, lane, progress);
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "hitrate-pipeline");
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a pipelined replay failed: " + failures.get(0),
          failures.get(0));
    }
  }

  private static void runLane(URI uri, List<Job> lane, AtomicLong progress) throws IOException {
    try (Socket socket = new Socket(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())) {
      socket.setTcpNoDelay(true);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      List<Job> active = new ArrayList<>(lane);
      active.removeIf(Job::finished);
      long since = 0;
      while (!active.isEmpty()) {
        for (Job job : active) {
          write(out, job);
        }
        out.flush();
        for (Job job : active) {
          boolean hit = readFirstIsPresent(in);
          if (job.putPending) {
            job.putPending = false;
            job.next++;
            since++;
          } else if (hit) {
            job.hits++;
            job.next++;
            since++;
          } else {
            job.putPending = true; // a miss: the put of that key goes next round
          }
        }
        if (since >= 4096) {
          progress.addAndGet(since);
          since = 0;
        }
        active.removeIf(job -> {
          if (job.finished() && job.done != null) {
            job.done.run();
          }
          return job.finished();
        });
      }
      progress.addAndGet(since);
    }
  }

  private static void write(OutputStream out, Job job) throws IOException {
    byte[] id = job.ids[job.trace.ids()[job.next]];
    if (job.putPending) {
      // FCALL put <keys>, header, spec, id, value
      array(out, 3 + job.keys.size() + 1 + 3);
      bulk(out, FCALL);
      bulk(out, PUT);
      bulk(out, ascii(Integer.toString(job.keys.size())));
      for (byte[] key : job.keys) {
        bulk(out, key);
      }
      bulk(out, job.header);
      bulk(out, PUT_SPEC);
      bulk(out, id);
      bulk(out, Replay.VALUE);
    } else {
      array(out, 3 + job.keys.size() + 1 + 2);
      bulk(out, FCALL);
      bulk(out, GET);
      bulk(out, ascii(Integer.toString(job.keys.size())));
      for (byte[] key : job.keys) {
        bulk(out, key);
      }
      bulk(out, job.header);
      bulk(out, KEEP);
      bulk(out, id);
    }
  }

  private static void array(OutputStream out, int n) throws IOException {
    out.write('*');
    out.write(ascii(Integer.toString(n)));
    out.write('\r');
    out.write('\n');
  }

  private static void bulk(OutputStream out, byte[] b) throws IOException {
    out.write('$');
    out.write(ascii(Integer.toString(b.length)));
    out.write('\r');
    out.write('\n');
    out.write(b);
    out.write('\r');
    out.write('\n');
  }

  /** Reads one reply, an array; returns whether its first element is present (not nil). */
  private static boolean readFirstIsPresent(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    if (type == '-') {
      throw new IOException("Redis refused a replay call: " + line);
    }
    if (type != '*') {
      throw new IOException("unexpected reply type " + (char) type + line);
    }
    int n = Integer.parseInt(line);
    boolean present = false;
    for (int i = 0; i < n; i++) {
      boolean p = skip(in);
      if (i == 0) {
        present = p;
      }
    }
    return present;
  }

  /** Skips one reply element; returns whether it is present (not a nil). */
  private static boolean skip(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '$' -> {
        int len = Integer.parseInt(line);
        if (len < 0) {
          return false;
        }
        in.skipNBytes(len + 2);
        return true;
      }
      case ':', '+' -> {
        return true;
      }
      case '_' -> {
        return false;
      }
      case '*' -> {
        int n = Integer.parseInt(line);
        for (int i = 0; i < n; i++) {
          skip(in);
        }
        return n >= 0;
      }
      case '-' -> throw new IOException("Redis error inside a reply: " + line);
      default -> throw new IOException("unexpected reply type " + (char) type);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new EOFException("Redis closed the connection");
      }
      sb.append((char) c);
    }
    in.read(); // '\n'
    return sb.toString();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
