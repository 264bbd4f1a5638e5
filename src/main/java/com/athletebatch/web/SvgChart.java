package com.athletebatch.web;

import java.util.List;
import java.util.Locale;
import org.springframework.web.util.HtmlUtils;

/**
 * A bar chart drawn by the server as SVG (no script, no chart library): one bar per execution,
 * oldest on the left, coloured by status, with the value as a tooltip.
 */
final class SvgChart {

  private static final int WIDTH = 720;
  private static final int HEIGHT = 180;
  private static final int LEFT = 56;
  private static final int BOTTOM = 24;

  private SvgChart() {}

  static String bars(List<Dashboard.HistoryPoint> points, String label, boolean duration) {
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
            WIDTH,
            HEIGHT,
            HtmlUtils.htmlEscape(label)));
    double max = 0;
    for (Dashboard.HistoryPoint p : points) {
      max = Math.max(max, value(p, duration));
    }
    int plotHeight = HEIGHT - BOTTOM - 10;
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"10\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>"
                + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>",
            LEFT,
            LEFT,
            HEIGHT - BOTTOM,
            LEFT,
            HEIGHT - BOTTOM,
            WIDTH - 4,
            HEIGHT - BOTTOM));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"18\" class=\"tick\" text-anchor=\"end\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">0</text>"
                + "<text x=\"%d\" y=\"%d\" class=\"tick\">%s</text>",
            LEFT - 4,
            format(max),
            LEFT - 4,
            HEIGHT - BOTTOM,
            LEFT + 4,
            HEIGHT - 6,
            HtmlUtils.htmlEscape(label + ", oldest left")));
    if (!points.isEmpty() && max > 0) {
      double slot = (double) (WIDTH - LEFT - 8) / points.size();
      double barWidth = Math.max(2, slot * 0.7);
      for (int i = 0; i < points.size(); i++) {
        Dashboard.HistoryPoint p = points.get(i);
        double v = value(p, duration);
        double h = plotHeight * v / max;
        svg.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"bar %s\">"
                    + "<title>execution %d (%s): %s</title></rect>",
                LEFT + 4 + i * slot,
                HEIGHT - BOTTOM - h,
                barWidth,
                Math.max(h, 0.5),
                p.status().toLowerCase(Locale.ROOT),
                p.id(),
                p.status(),
                format(v)));
      }
    }
    return svg.append("</svg>").toString();
  }

  private static double value(Dashboard.HistoryPoint p, boolean duration) {
    return duration ? p.durationSeconds() : p.itemsPerSecond();
  }

  private static String format(double v) {
    return v >= 100 || v == Math.rint(v)
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }
}
