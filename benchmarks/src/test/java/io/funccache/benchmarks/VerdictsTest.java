package io.funccache.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictsTest {
  @TempDir
  Path dir;

  @Test
  void readsPairedTargetsTablesAndSkipsTheOtherTables() throws IOException {
    Path run1 = dir.resolve("run1.md");
    Files.writeString(run1, String.join("\n",
        "| target | case | median | pairs min-max | pairs IQR | pairs meeting | met? |",
        "|---|---|---:|---:|---:|---:|---|",
        "| get-hit >= 0.9 x RBucket.get | fc-lru-10k, 100 B, 1 thr | 0.912 | 0.8-1.0 | 0.9-0.95"
            + " | 4/5 | met |",
        "| put at capacity >= 0.8 x RBucket.set | fc-lru-10k, 100 B, 1 thr | 0.700 | 0.6-0.9 |"
            + " 0.65-0.75 | 1/5 | MISSED |",
        "| memory/entry <= Redisson JCache's (MEMORY USAGE) | fc-lru-1m, 10-byte keys | 1.639 |"
            + " (one measurement) | | | MISSED |",
        "",
        "| side | ops/s | min-max | x floor | x RJCache | Redis µs/op | calls/op | Redis CPU µs/op"
            + " | client CPU µs/op | misses, errors |",
        "| rbucket getHit | 2,852 | 1,165-3,618 | 1 | 2.239 | 1.99 | 1.00 | 10.1 | 161.1 | 0, 0 |",
        "| fc-lru-1m | 10 B | 266.3 B | 1.639 | 282.3 B | 1.626 | 3 |",
        ""));
    Path run2 = dir.resolve("run2.md");
    Files.writeString(run2, String.join("\n",
        "| get-hit >= 0.9 x RBucket.get | fc-lru-10k, 100 B, 1 thr | 0.850 | 0.8-1.0 | 0.8-0.9"
            + " | 1/5 | MISSED |",
        "| put at capacity >= 0.8 x RBucket.set | fc-lru-10k, 100 B, 1 thr | n/a | n/a | n/a |"
            + " 0/0 | FAILED (fc-lru-10k putAtCapacity: 3 errors) |",
        "| memory/entry <= Redisson JCache's (MEMORY USAGE) | fc-lru-1m, 10-byte keys | 1.640 |"
            + " (one measurement) | | | MISSED |",
        ""));
    String report = Verdicts.report(List.of(run1, run2));
    List<String> lines = report.lines().toList();
    assertEquals(2 + 3, lines.size(), report);
    assertTrue(lines.contains("| get-hit >= 0.9 x RBucket.get | fc-lru-10k, 100 B, 1 thr | 0.912 |"
        + " 0.850 | 0.85-0.91 | met in 1 of 2 |"), report);
    assertTrue(lines.contains("| put at capacity >= 0.8 x RBucket.set | fc-lru-10k, 100 B, 1 thr |"
        + " 0.700 | FAILED | 0.70-0.70 | MISSED |"), report);
    assertTrue(lines.contains("| memory/entry <= Redisson JCache's (MEMORY USAGE) | fc-lru-1m,"
        + " 10-byte keys | 1.639 | 1.640 | 1.64-1.64 | MISSED |"), report);
  }

  @Test
  void stillReadsTheOneTrialPerCellTable() throws IOException {
    Path old = dir.resolve("old.md");
    Files.writeString(old, "| get-hit >= 0.9 x RBucket.get | fc-lru-10k, 100 B, 1 thr | 0.65 |"
        + " MISSED |\n");
    assertTrue(Verdicts.report(List.of(old)).contains("| 0.65 | 0.65-0.65 | MISSED |"));
  }
}
