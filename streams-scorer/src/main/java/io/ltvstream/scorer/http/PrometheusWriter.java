package io.ltvstream.scorer.http;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Writes the Prometheus text exposition format (version 0.0.4): families, samples, escaping. */
final class PrometheusWriter {
  private final StringBuilder out = new StringBuilder(64 * 1024);
  private final Set<String> families = new HashSet<>();

  /** Starts a metric family; a family already started is not declared twice. */
  PrometheusWriter family(String name, String type, String help) {
    if (families.add(name)) {
      out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
          .append('\n');
      out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
    return this;
  }

  PrometheusWriter sample(String name, Map<String, String> labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{');
      String separator = "";
      for (Map.Entry<String, String> label : labels.entrySet()) {
        out.append(separator).append(label.getKey()).append("=\"").append(escape(label.getValue())).append('"');
        separator = ",";
      }
      out.append('}');
    }
    out.append(' ').append(number(value)).append('\n');
    return this;
  }

  PrometheusWriter sample(String name, double value) {
    return sample(name, Map.of(), value);
  }

  /** A Kafka or JVM name made a valid Prometheus name: {@code stream-thread-metrics} → {@code stream_thread_metrics}. */
  static String sanitize(String name) {
    String clean = name.replaceAll("[^a-zA-Z0-9_]", "_");
    return Character.isDigit(clean.charAt(0)) ? "_" + clean : clean;
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
  }

  private static String escape(String label) {
    return label == null ? "" : label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
