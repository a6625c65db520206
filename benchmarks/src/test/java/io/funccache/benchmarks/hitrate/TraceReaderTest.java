package io.funccache.benchmarks.hitrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {
  @TempDir
  Path dir;

  @Test
  void readsGzipTextIntoDenseIdsInOrderOfFirstUse() throws IOException {
    Path file = gzip("t.keys.gz", "42\n7\n42\n18446744\n7\n");
    Trace t = TraceReader.read(file, 0);
    assertEquals("t", t.name());
    assertArrayEquals(new int[] {0, 1, 0, 2, 1}, t.ids());
    assertArrayEquals(new String[] {"42", "7", "18446744"}, t.keys());
  }

  @Test
  void readsPlainTextAndAFinalLineWithoutNewlineAndCrlf() throws IOException {
    Path file = dir.resolve("plain.txt");
    Files.writeString(file, "1\r\n2\r\n1", StandardCharsets.US_ASCII);
    Trace t = TraceReader.read(file, 0);
    assertEquals("plain", t.name());
    assertArrayEquals(new int[] {0, 1, 0}, t.ids());
  }

  @Test
  void limitKeepsThePrefix() throws IOException {
    Trace t = TraceReader.read(gzip("p.keys.gz", "1\n2\n3\n4\n5\n"), 3);
    assertArrayEquals(new int[] {0, 1, 2}, t.ids());
  }

  @Test
  void aLineThatIsNotADecimalKeyNamesTheFileAndLine() throws IOException {
    Path file = gzip("bad.keys.gz", "1\n2\nx3\n");
    IOException e = assertThrows(IOException.class, () -> TraceReader.read(file, 0));
    assertTrue(e.getMessage().contains("bad.keys.gz") && e.getMessage().contains("line 3"),
        e.getMessage());
  }

  private Path gzip(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }
}
