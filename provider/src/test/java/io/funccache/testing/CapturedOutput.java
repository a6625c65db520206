package io.funccache.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged while open: funccache's own log records (java.util.logging, every level,
 * with their exceptions) and whatever is written to {@code System.err}, where the tests' SLF4J
 * binding prints Redisson's log. Still printed as usual.
 */
public final class CapturedOutput implements AutoCloseable {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final StringBuilder records = new StringBuilder();
  private final PrintStream originalErr = System.err;
  private final Logger root = Logger.getLogger("");
  private final Logger funccache = Logger.getLogger("io.funccache");
  private final Level originalFunccacheLevel = funccache.getLevel();
  private final Handler handler = new Handler() {
    private final Formatter format = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      synchronized (records) {
        records.append(format.format(record));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  public CapturedOutput() {
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    funccache.setLevel(Level.ALL);
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (err) {
          err.write(b);
        }
        originalErr.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (err) {
          err.write(b, off, len);
        }
        originalErr.write(b, off, len);
      }
    };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
  }

  /** The log records and the standard error output so far. */
  public String text() {
    String printed;
    synchronized (err) {
      printed = err.toString(StandardCharsets.UTF_8);
    }
    synchronized (records) {
      return records + printed;
    }
  }

  @Override
  public void close() {
    System.setErr(originalErr);
    root.removeHandler(handler);
    funccache.setLevel(originalFunccacheLevel);
  }
}
