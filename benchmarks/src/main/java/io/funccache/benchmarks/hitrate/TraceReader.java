package io.funccache.benchmarks.hitrate;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the traces of {@code /work/shared/traces/} (README there): gzip-compressed text, one
 * request per line, the key as a decimal integer. A file that is not gzip-compressed is read as
 * plain text of the same form. Keys become dense ids once, so replays index arrays, not maps.
 */
public final class TraceReader {
  private TraceReader() {}

  /** The trace's name: the file name without {@code .keys.gz}, {@code .gz} or {@code .txt}. */
  public static String nameOf(Path path) {
    String file = path.getFileName().toString();
    for (String suffix : new String[] {".keys.gz", ".gz", ".keys", ".txt"}) {
      if (file.endsWith(suffix)) {
        return file.substring(0, file.length() - suffix.length());
      }
    }
    return file;
  }

  /** The first {@code limit} requests of the file (all of them when limit <= 0). */
  public static Trace read(Path path, long limit) throws IOException {
    String name = nameOf(path);
    Compactor compactor = new Compactor(1 << 16);
    try (InputStream in = open(path)) {
      long key = 0;
      boolean inKey = false;
      long line = 1;
      int c;
      while ((c = in.read()) >= 0) {
        if (c >= '0' && c <= '9') {
          if (key > (Long.MAX_VALUE - 9) / 10) {
            throw new IOException("trace " + path + ", line " + line + ": key out of range");
          }
          key = key * 10 + (c - '0');
          inKey = true;
        } else if (c == '\n') {
          if (inKey) {
            compactor.add(key);
            if (limit > 0 && compactor.size() >= limit) {
              break;
            }
          }
          key = 0;
          inKey = false;
          line++;
        } else if (c != '\r' && c != ' ' && c != '\t') {
          throw new IOException("trace " + path + ", line " + line + ": not a decimal key ("
              + "character 0x" + Integer.toHexString(c) + ")");
        }
      }
      if (inKey && (limit <= 0 || compactor.size() < limit)) {
        compactor.add(key);
      }
    }
    if (compactor.size() == 0) {
      throw new IOException("trace " + path + " holds no requests");
    }
    return compactor.trace(name);
  }

  private static InputStream open(Path path) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    // gzip's magic number: 1f 8b.
    return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
  }

  /** Turns keys into dense ids in order of first appearance. */
  static final class Compactor {
    private final Map<Long, Integer> idOfKey = new HashMap<>();
    private long[] keyOfId = new long[1024];
    private int[] ids;
    private int size;

    Compactor(int expectedRequests) {
      ids = new int[Math.max(16, expectedRequests)];
    }

    void add(long key) {
      Integer id = idOfKey.get(key);
      if (id == null) {
        id = idOfKey.size();
        idOfKey.put(key, id);
        if (id == keyOfId.length) {
          keyOfId = Arrays.copyOf(keyOfId, keyOfId.length * 2);
        }
        keyOfId[id] = key;
      }
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, ids.length * 2);
      }
      ids[size++] = id;
    }

    int size() {
      return size;
    }

    Trace trace(String name) {
      String[] keys = new String[idOfKey.size()];
      for (int i = 0; i < keys.length; i++) {
        keys[i] = Long.toString(keyOfId[i]);
      }
      return new Trace(name, Arrays.copyOf(ids, size), keys);
    }
  }
}
