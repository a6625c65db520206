package io.funccache.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar benchmarks.jar verdicts run1.md run2.md ...}: the targets of several quick runs
 * side by side, with a verdict computed by one rule, so that no verdict is written by hand:
 * "met" when every run met the target, "MISSED" when none did, "met in k of n" otherwise; a cell
 * that failed (or was not measured) in a run counts as not met there and shows as FAILED. Reads
 * both the targets table of the paired quick mode (median, spread columns, verdict) and the older
 * one-trial-per-cell table (measured, verdict).
 */
final class Verdicts {
  private Verdicts() {}

  /** One targets-table row of one run: the ratio, or null for a failed cell, and its verdict. */
  record Cell(String measured, boolean met) {}

  static String report(List<Path> runs) throws IOException {
    Map<String, Map<Integer, Cell>> rows = new LinkedHashMap<>();
    for (int run = 0; run < runs.size(); run++) {
      for (String line : Files.readAllLines(runs.get(run), StandardCharsets.UTF_8)) {
        String[] cells = line.split("\\|");
        // | target | case | measured | ... | met? |: the measured ratio (the paired mode's median)
        // third, the verdict last; the header, the ruler and other tables have no met/MISSED there.
        if (cells.length < 5) {
          continue;
        }
        String verdict = cells[cells.length - 1].trim();
        if (!verdict.equals("met") && !verdict.equals("MISSED") && !verdict.startsWith("FAILED")) {
          continue;
        }
        rows.computeIfAbsent(cells[1].trim() + " | " + cells[2].trim(), k -> new LinkedHashMap<>())
            .put(run, new Cell(cells[3].trim(), verdict.equals("met")));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("| target | case |");
    for (int run = 1; run <= runs.size(); run++) {
      out.append(" run ").append(run).append(" |");
    }
    out.append(" range | verdict |\n|---|---|");
    out.append("---:|".repeat(runs.size())).append("---|---|\n");
    for (Map.Entry<String, Map<Integer, Cell>> row : rows.entrySet()) {
      out.append("| ").append(row.getKey()).append(" |");
      int met = 0;
      List<Double> ratios = new ArrayList<>();
      for (int run = 0; run < runs.size(); run++) {
        Cell cell = row.getValue().get(run);
        if (cell == null || !isNumber(cell.measured())) {
          out.append(" FAILED |");
          continue;
        }
        out.append(' ').append(cell.measured()).append(" |");
        ratios.add(Double.parseDouble(cell.measured()));
        met += cell.met() ? 1 : 0;
      }
      String range = ratios.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.2f-%.2f",
          ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
          ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
      out.append(' ').append(range).append(" | ").append(verdict(met, runs.size())).append(" |\n");
    }
    return out.toString();
  }

  static String verdict(int met, int runs) {
    return met == runs ? "met" : met == 0 ? "MISSED" : "met in " + met + " of " + runs;
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
