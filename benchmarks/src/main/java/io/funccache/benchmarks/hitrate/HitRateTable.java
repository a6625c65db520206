package io.funccache.benchmarks.hitrate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Hits per (trace, size) row and column (OPT, Caffeine, each policy); filled from many threads. */
final class HitRateTable {
  record Row(Trace trace, int size) {
    String label() {
      return trace.name() + " " + String.format(Locale.ROOT, "%,d", size);
    }
  }

  private record Cell(Row row, String column) {}

  private final List<Row> rows;
  private final List<String> columns;
  private final Map<Cell, Long> hits = new ConcurrentHashMap<>();
  private final Map<Cell, String> failed = new ConcurrentHashMap<>();

  HitRateTable(List<Row> rows, List<String> policies) {
    this.rows = List.copyOf(rows);
    List<String> c = new ArrayList<>(List.of(HitRateRun.OPT, HitRateRun.CAFFEINE));
    c.addAll(policies);
    this.columns = List.copyOf(c);
  }

  List<Row> rows() {
    return rows;
  }

  List<String> columns() {
    return columns;
  }

  void put(Row row, String column, long hitCount) {
    hits.put(new Cell(row, column), hitCount);
  }

  void fail(Row row, String column, String why) {
    failed.put(new Cell(row, column), why);
  }

  /** Hits, or -1 when the cell failed or never ran. */
  long get(Row row, String column) {
    return hits.getOrDefault(new Cell(row, column), -1L);
  }

  /** Hit ratio in [0, 1], or NaN when the cell has no result. */
  double ratio(Row row, String column) {
    long h = get(row, column);
    return h < 0 ? Double.NaN : (double) h / row.trace().requests();
  }

  List<String> failures() {
    List<String> f = new ArrayList<>(failed.values());
    Collections.sort(f);
    return f;
  }

  String markdown(String header) {
    StringBuilder sb = new StringBuilder();
    sb.append(header).append("\n\n");
    sb.append("| trace | size | requests |");
    for (String c : columns) {
      sb.append(' ').append(c).append(" |");
    }
    sb.append("\n|---|--:|--:|");
    sb.append("--:|".repeat(columns.size()));
    sb.append('\n');
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d |", r.trace().name(), r.size(),
          r.trace().requests()));
      for (String c : columns) {
        double ratio = ratio(r, c);
        sb.append(Double.isNaN(ratio) ? " failed |"
            : String.format(Locale.ROOT, " %.2f |", 100 * ratio));
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
