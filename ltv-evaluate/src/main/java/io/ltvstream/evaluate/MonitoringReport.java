package io.ltvstream.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltvstream.core.eval.Metrics;
import io.ltvstream.evaluate.LiveMonitoring.Pairs;
import io.ltvstream.evaluate.LiveMonitoring.Result;
import io.ltvstream.evaluate.LiveMonitoring.Window;
import io.ltvstream.evaluate.SvgChart.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link LiveMonitoring}'s figures as JSON (one entry per closed window and model version, the
 * field names of {@code GET /v1/monitoring}) and as an HTML report: predicted against realised
 * value per window over time, the latest window's calibration by decile and by segment.
 */
public final class MonitoringReport {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};

  private MonitoringReport() {}

  public static ObjectNode toJson(Result result) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("as_of", result.asOf() == null ? null : result.asOf().toString());
    root.put("scores_read", result.scoresRead());
    root.put("events_read", result.eventsRead());
    ArrayNode windows = root.putArray("windows");
    for (Window w : result.windows()) {
      ObjectNode node = windows.addObject();
      node.put("window_start", w.windowStart().toString());
      node.put("window_end", w.windowEnd().toString());
      node.put("model_version", w.modelVersion());
      node.put("users", w.users());
      put(node, "predicted_value", w.predictedValue());
      put(node, "realised_value", w.realisedValue());
      put(node, "aggregate_error", w.aggregateError());
      put(node, "predicted_transactions", w.predictedTransactions());
      put(node, "realised_transactions", w.realisedTransactions());
      put(node, "value_mae", w.valueMae());
      put(node, "brier", w.brier());
      put(node, "spend_gini", w.spendGini());
    }
    return root;
  }

  public static void writeJson(Result result, Path file) throws IOException {
    createParent(file);
    MAPPER.writeValue(file.toFile(), toJson(result));
  }

  public static void write(Result result, Duration step, Path file) throws IOException {
    createParent(file);
    Files.writeString(file, render(result, step), StandardCharsets.UTF_8);
  }

  public static String render(Result result, Duration step) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>")
        .append("<title>ltv-stream live monitoring</title><style>")
        .append("body{font-family:sans-serif;max-width:1400px;margin:24px auto;padding:0 16px;color:#222}")
        .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{padding:3px 10px;text-align:right;")
        .append("border-bottom:1px solid #ddd}th:first-child,td:first-child{text-align:left}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:12px}.note{color:#555;max-width:900px}")
        .append("</style></head><body>\n<h1>ltv-stream live monitoring</h1>\n");
    html.append(String.format(Locale.ROOT, "<p>%,d scores and %,d events read; event time up to %s;"
        + " a snapshot every %d days, %,d closed windows (snapshot x model version).</p>\n", result.scoresRead(),
        result.eventsRead(), result.asOf() == null ? "-" : Html.escape(result.asOf().toString()),
        step.toDays(), result.windows().size()));
    html.append("<p class='note'>At each snapshot, every user's latest score is compared over its own horizon"
        + " with what the user then did; only predictions whose horizon has closed count. Aggregate error ="
        + " (predicted - realised) / realised value; Brier score of p_active against buying anything.</p>\n");
    if (result.windows().isEmpty()) {
      html.append("<p><b>No closed window yet</b>: no score's horizon has elapsed in the events read.</p>\n");
      return html.append("</body></html>\n").toString();
    }
    html.append("<div class='charts'>").append(overTime(result, "value")).append(overTime(result, "aggregate error"))
        .append("</div>\n");
    windowTable(html, result.windows());
    Pairs latest = result.latest();
    html.append("<h2>Latest closed snapshot: ").append(Html.escape(latest.windowStart().toString())).append("</h2>\n");
    Metrics.Deciles deciles = Metrics.deciles(latest.predictedValue(), latest.realisedValue());
    String[] labels = new String[Metrics.DECILES];
    for (int d = 0; d < labels.length; d++) {
      labels[d] = Integer.toString(d + 1);
    }
    html.append("<div class='charts'>").append(SvgChart.bars("value by decile of prediction",
        "decile (1 = lowest predictions)", "mean value", labels, List.of(
            new Series("predicted", null, deciles.predictedMean(), "#6baed6", false),
            new Series("realised", null, deciles.actualMean(), "#252525", false)))).append("</div>\n");
    segmentTable(html, latest);
    return html.append("</body></html>\n").toString();
  }

  private static String overTime(Result result, String what) {
    Map<String, List<Window>> byVersion = new TreeMap<>();
    result.windows().forEach(w -> byVersion.computeIfAbsent(w.modelVersion(), v -> new ArrayList<>()).add(w));
    long origin = result.windows().getFirst().windowStart().getEpochSecond();
    List<Series> series = new ArrayList<>();
    int color = 0;
    for (Map.Entry<String, List<Window>> version : byVersion.entrySet()) {
      List<Window> ws = version.getValue();
      double[] x = ws.stream().mapToDouble(w -> (w.windowStart().getEpochSecond() - origin) / 86_400.0).toArray();
      String c = COLORS[color++ % COLORS.length];
      if (what.equals("value")) {
        series.add(new Series(version.getKey() + " predicted", x, ws.stream().mapToDouble(Window::predictedValue).toArray(), c, true));
        series.add(new Series(version.getKey() + " realised", x, ws.stream().mapToDouble(Window::realisedValue).toArray(), c, false));
      } else {
        series.add(new Series(version.getKey(), x, ws.stream().mapToDouble(w -> Math.abs(w.aggregateError())).toArray(), c, false));
      }
    }
    return what.equals("value")
        ? SvgChart.lines("predicted vs realised value per window", "days since the first snapshot", "value", series, null, true)
        : SvgChart.lines("|aggregate error| per window", "days since the first snapshot", "|aggregate error|", series, null, true);
  }

  private static void windowTable(StringBuilder html, List<Window> windows) {
    html.append("<table><tr><th>window start</th><th>model</th><th>users</th><th>predicted value</th>"
        + "<th>realised value</th><th>aggregate error</th><th>predicted tx</th><th>realised tx</th>"
        + "<th>value MAE</th><th>Brier</th><th>spend Gini</th></tr>\n");
    for (Window w : windows) {
      html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%,d</td><td>%,.2f</td><td>%,.2f</td>"
          + "<td>%s</td><td>%,.1f</td><td>%,.0f</td><td>%.3f</td><td>%.4f</td><td>%s</td></tr>%n",
          Html.escape(w.windowStart().toString()), Html.escape(w.modelVersion()), w.users(), w.predictedValue(),
          w.realisedValue(), number(w.aggregateError()), w.predictedTransactions(), w.realisedTransactions(),
          w.valueMae(), w.brier(), number(w.spendGini())));
    }
    html.append("</table>\n");
  }

  private static void segmentTable(StringBuilder html, Pairs latest) {
    Map<String, double[]> bySegment = new TreeMap<>();
    for (int i = 0; i < latest.segment().length; i++) {
      double[] sums = bySegment.computeIfAbsent(latest.segment()[i], s -> new double[3]);
      sums[0]++;
      sums[1] += latest.predictedValue()[i];
      sums[2] += latest.realisedValue()[i];
    }
    html.append("<table><tr><th>segment</th><th>users</th><th>predicted value</th><th>realised value</th>"
        + "<th>aggregate error</th></tr>\n");
    for (Map.Entry<String, double[]> segment : bySegment.entrySet()) {
      double[] s = segment.getValue();
      html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%,.0f</td><td>%,.2f</td><td>%,.2f</td><td>%s</td></tr>%n",
          Html.escape(segment.getKey()), s[0], s[1], s[2], number(s[2] == 0 ? Double.NaN : (s[1] - s[2]) / s[2])));
    }
    html.append("</table>\n");
  }

  private static String number(double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "n/a";
  }

  private static void put(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}
