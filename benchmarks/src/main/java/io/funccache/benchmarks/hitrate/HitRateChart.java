package io.funccache.benchmarks.hitrate;

import java.util.List;
import java.util.Locale;

/** The hit-rate table as grouped bars, one group per (trace, size), one bar per column: SVG. */
final class HitRateChart {
  private static final String[] COLORS = {"#222222", "#8c8c8c", "#1f77b4", "#ff7f0e", "#2ca02c",
      "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#393b79", "#637939"};
  private static final int BAR = 9;
  private static final int GAP = 14;
  private static final int PLOT_HEIGHT = 300;
  private static final int LEFT = 50;
  private static final int TOP = 50;

  private HitRateChart() {}

  static String svg(HitRateTable table) {
    List<HitRateTable.Row> rows = table.rows();
    List<String> columns = table.columns();
    int group = columns.size() * BAR + GAP;
    int legend = LEFT;
    for (String c : columns) {
      legend += legendWidth(c);
    }
    int width = Math.max(LEFT + rows.size() * group + 20, legend + 10);
    int height = TOP + PLOT_HEIGHT + 110;
    StringBuilder s = new StringBuilder();
    f(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height);
    f(s, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n");
    f(s, "<text x=\"%d\" y=\"18\" font-size=\"14\">Hit ratio (%%) per trace and cache size</text>%n",
        LEFT);
    // Legend: one swatch per column.
    int x = LEFT;
    for (int c = 0; c < columns.size(); c++) {
      f(s, "<rect x=\"%d\" y=\"28\" width=\"10\" height=\"10\" fill=\"%s\"/>"
          + "<text x=\"%d\" y=\"37\">%s</text>%n", x, color(c), x + 13, escape(columns.get(c)));
      x += legendWidth(columns.get(c));
    }
    // Axis and grid every 10 %.
    for (int p = 0; p <= 100; p += 10) {
      double y = TOP + PLOT_HEIGHT * (1 - p / 100.0);
      f(s, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>"
          + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n", LEFT, y, width - 10, y,
          p == 0 ? "#000" : "#e0e0e0", LEFT - 5, y + 4, p);
    }
    for (int r = 0; r < rows.size(); r++) {
      int gx = LEFT + r * group + GAP / 2;
      for (int c = 0; c < columns.size(); c++) {
        double ratio = table.ratio(rows.get(r), columns.get(c));
        if (Double.isNaN(ratio)) {
          continue;
        }
        double h = PLOT_HEIGHT * ratio;
        f(s, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
            + "<title>%s, %s: %.2f %%</title></rect>%n", gx + c * BAR, TOP + PLOT_HEIGHT - h,
            BAR - 1, h, color(c), escape(rows.get(r).label()), escape(columns.get(c)), 100 * ratio);
      }
      double cx = gx + columns.size() * BAR / 2.0;
      double ty = TOP + PLOT_HEIGHT + 12;
      f(s, "<text transform=\"translate(%.1f,%.1f) rotate(35)\">%s</text>%n", cx - 10, ty,
          escape(rows.get(r).label()));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static int legendWidth(String column) {
    return 20 + 7 * column.length();
  }

  private static String color(int column) {
    return COLORS[column % COLORS.length];
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static void f(StringBuilder s, String format, Object... args) {
    s.append(String.format(Locale.ROOT, format, args));
  }
}
