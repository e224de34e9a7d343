package io.ltvstream.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Minimal inline-SVG charts for the offline report: line charts and grouped bar charts with
 * axes, ticks and a legend. No scripts, no external resources.
 */
final class SvgChart {
  static final int WIDTH = 660;
  static final int HEIGHT = 340;
  private static final int LEFT = 64;
  private static final int RIGHT = 140;
  private static final int TOP = 30;
  private static final int BOTTOM = 48;

  /** A named series; for bar charts only {@code y} is read. */
  record Series(String name, double[] x, double[] y, String color, boolean dashed) {}

  /** A vertical marker line with a label, e.g. the calibration end. */
  record Marker(double x, String label) {}

  private SvgChart() {}

  static String lines(String title, String xLabel, String yLabel, List<Series> series,
      Marker marker, boolean dots) {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMax = 0;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.y()[i])) {
          xMin = Math.min(xMin, s.x()[i]);
          xMax = Math.max(xMax, s.x()[i]);
          yMax = Math.max(yMax, s.y()[i]);
        }
      }
    }
    if (!(xMax > xMin)) {
      xMin = 0;
      xMax = 1;
    }
    double[] yTicks = ticks(0, yMax > 0 ? yMax : 1);
    double[] xTicks = ticks(xMin, xMax);
    Frame f = new Frame(xMin, xMax, 0, yTicks[yTicks.length - 1]);
    StringBuilder svg = open(title);
    axes(svg, f, xTicks, yTicks, xLabel, yLabel);
    if (marker != null) {
      double mx = f.px(marker.x());
      svg.append(String.format(Locale.ROOT,
          "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#999' stroke-dasharray='4 3'/>"
              + "<text x='%.1f' y='%d' font-size='11' fill='#666'>%s</text>%n",
          mx, TOP, mx, HEIGHT - BOTTOM, mx + 4, TOP + 12, Html.escape(marker.label())));
    }
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.y()[i])) {
          points.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.px(s.x()[i]), f.py(s.y()[i])));
        }
      }
      svg.append(String.format(Locale.ROOT,
          "<polyline fill='none' stroke='%s' stroke-width='2'%s points='%s'/>%n", s.color(),
          s.dashed() ? " stroke-dasharray='6 4'" : "", points.toString().trim()));
      if (dots) {
        for (int i = 0; i < s.x().length; i++) {
          if (Double.isFinite(s.y()[i])) {
            svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3' fill='%s'/>",
                f.px(s.x()[i]), f.py(s.y()[i]), s.color()));
          }
        }
        svg.append('\n');
      }
    }
    legend(svg, series);
    return svg.append("</svg>\n").toString();
  }

  static String bars(String title, String xLabel, String yLabel, String[] categories,
      List<Series> series) {
    double yMax = 0;
    for (Series s : series) {
      for (double v : s.y()) {
        if (Double.isFinite(v)) {
          yMax = Math.max(yMax, v);
        }
      }
    }
    double[] yTicks = ticks(0, yMax > 0 ? yMax : 1);
    Frame f = new Frame(0, categories.length, 0, yTicks[yTicks.length - 1]);
    StringBuilder svg = open(title);
    axes(svg, f, new double[0], yTicks, xLabel, yLabel);
    double slot = (WIDTH - LEFT - RIGHT) / (double) categories.length;
    double barWidth = slot * 0.8 / series.size();
    for (int c = 0; c < categories.length; c++) {
      double x0 = LEFT + c * slot + slot * 0.1;
      for (int k = 0; k < series.size(); k++) {
        double v = series.get(k).y()[c];
        if (!Double.isFinite(v)) {
          continue;
        }
        double y = f.py(v);
        svg.append(String.format(Locale.ROOT,
            "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s %s: %.3f</title></rect>",
            x0 + k * barWidth, y, barWidth, HEIGHT - BOTTOM - y, series.get(k).color(),
            Html.escape(series.get(k).name()), Html.escape(categories[c]), v));
      }
      svg.append(String.format(Locale.ROOT,
          "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>%n",
          LEFT + (c + 0.5) * slot, HEIGHT - BOTTOM + 14, Html.escape(categories[c])));
    }
    legend(svg, series);
    return svg.append("</svg>\n").toString();
  }

  /** Round tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten. */
  static double[] ticks(double min, double max) {
    double span = max - min;
    double raw = span / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double m : new double[] {1, 2, 5, 10}) {
      step = m * magnitude;
      if (span / step <= 6) {
        break;
      }
    }
    double start = Math.floor(min / step) * step;
    List<Double> values = new ArrayList<>();
    for (double v = start; v < max + step * 0.999; v += step) {
      values.add(v);
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static StringBuilder open(String title) {
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d'"
            + " font-family='sans-serif' role='img'><title>%s</title>"
            + "<text x='%d' y='18' font-size='14' font-weight='bold'>%s</text>%n",
        WIDTH, HEIGHT, WIDTH, HEIGHT, Html.escape(title), LEFT, Html.escape(title)));
    return svg;
  }

  private static void axes(StringBuilder svg, Frame f, double[] xTicks, double[] yTicks,
      String xLabel, String yLabel) {
    int bottom = HEIGHT - BOTTOM;
    int right = WIDTH - RIGHT;
    for (double t : yTicks) {
      double y = f.py(t);
      svg.append(String.format(Locale.ROOT,
          "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eee'/>"
              + "<text x='%d' y='%.1f' font-size='11' text-anchor='end'>%s</text>%n",
          LEFT, y, right, y, LEFT - 6, y + 4, tickLabel(t)));
    }
    for (double t : xTicks) {
      if (t < f.xMin - 1e-9 || t > f.xMax + 1e-9) {
        continue;
      }
      double x = f.px(t);
      svg.append(String.format(Locale.ROOT,
          "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#444'/>"
              + "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>%n",
          x, bottom, x, bottom + 4, x, bottom + 16, tickLabel(t)));
    }
    svg.append(String.format(Locale.ROOT,
        "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#444'/>"
            + "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#444'/>%n",
        LEFT, bottom, right, bottom, LEFT, TOP, LEFT, bottom));
    svg.append(String.format(Locale.ROOT,
        "<text x='%d' y='%d' font-size='12' text-anchor='middle'>%s</text>"
            + "<text x='14' y='%d' font-size='12' text-anchor='middle'"
            + " transform='rotate(-90 14 %d)'>%s</text>%n",
        (LEFT + right) / 2, HEIGHT - 8, Html.escape(xLabel), (TOP + bottom) / 2, (TOP + bottom) / 2,
        Html.escape(yLabel)));
  }

  private static void legend(StringBuilder svg, List<Series> series) {
    int x = WIDTH - RIGHT + 12;
    int y = TOP + 8;
    for (Series s : series) {
      svg.append(String.format(Locale.ROOT,
          "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='3'%s/>"
              + "<text x='%d' y='%d' font-size='12'>%s</text>%n",
          x, y, x + 20, y, s.color(), s.dashed() ? " stroke-dasharray='6 4'" : "", x + 26, y + 4,
          Html.escape(s.name())));
      y += 18;
    }
  }

  private static String tickLabel(double v) {
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.replaceAll("\\.?0+$", "");
  }

  /** Data to pixel coordinates. */
  private record Frame(double xMin, double xMax, double yMin, double yMax) {
    double px(double x) {
      return LEFT + (x - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT);
    }

    double py(double y) {
      return HEIGHT - BOTTOM - (y - yMin) / (yMax - yMin) * (HEIGHT - TOP - BOTTOM);
    }
  }
}
