package io.funccache.benchmarks.hitrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hitrate} command end to end, seconds long: a 5,000-request prefix of gli (a synthetic
 * trace of loops and a skewed set where the shared traces are not on this machine), two policies,
 * on a real Redis.
 */
class HitRateSmokeTest {
  @TempDir
  Path out;

  @Test
  void optimalBoundsEveryPolicyAndTheReportsAreWritten() throws Exception {
    Path gli = Path.of(System.getenv().getOrDefault("FUNCCACHE_TRACES", "/work/shared/traces"),
        "gli.keys.gz");
    Path trace = Files.exists(gli) ? gli : synthetic();
    HitRateOptions options = HitRateOptions.parse("--trace", trace + ":500", "--limit", "5000",
        "--policies", "LRU,FIFO", "--redis", TestRedis.url(), "--parallel", "4", "--out",
        out.toString());
    HitRateTable table = new HitRateRun(options).run();

    assertTrue(table.failures().isEmpty(), table.failures().toString());
    assertEquals(java.util.List.of("OPT", "Caffeine", "LRU", "FIFO"), table.columns());
    HitRateTable.Row row = table.rows().get(0);
    assertEquals(5_000, row.trace().requests());
    double opt = table.ratio(row, HitRateRun.OPT);
    for (String column : table.columns()) {
      double ratio = table.ratio(row, column);
      assertTrue(ratio >= 0 && ratio <= 1, column + ": " + ratio);
      assertTrue(opt >= ratio, "OPT " + opt + " < " + column + " " + ratio);
    }
    assertTrue(opt > 0, "the optimum of a trace with repeats hits something");
    for (String replayed : java.util.List.of("LRU", "FIFO")) {
      assertTrue(table.ratio(row, replayed) > 0, replayed + " replayed through Redis hit nothing");
    }
    String markdown = Files.readString(out.resolve("hitrate.md"));
    assertTrue(markdown.contains("| OPT | Caffeine | LRU | FIFO |"), markdown);
    assertTrue(markdown.contains(String.format(java.util.Locale.ROOT, "| %.2f |", 100 * opt)),
        markdown);
    String svg = Files.readString(out.resolve("hitrate.svg"));
    assertTrue(svg.startsWith("<svg") && svg.contains("LRU: ") && svg.trim().endsWith("</svg>"),
        svg);
  }

  /** Loops over 600 keys broken by a Zipf-like hot set: LRU and FIFO both hit a little. */
  private Path synthetic() throws IOException {
    Path file = out.resolve("synthetic.keys.gz");
    Random random = new Random(3);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      long key = random.nextInt(4) == 0 ? (long) (Math.pow(random.nextDouble(), 4) * 300)
          : 1_000 + i % 600;
      sb.append(key).append('\n');
    }
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
      o.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
    }
    return file;
  }
}
