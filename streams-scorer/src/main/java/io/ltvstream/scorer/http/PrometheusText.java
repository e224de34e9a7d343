package io.ltvstream.scorer.http;

import io.ltvstream.scorer.topology.ScorerMetrics;
import java.util.Locale;
import java.util.Map;

/** Renders the scorer's metrics in the Prometheus text exposition format (version 0.0.4). */
final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  static String render(ScorerMetrics metrics, ServiceStatus status) {
    StringBuilder out = new StringBuilder(2048);
    counter(out, "ltv_scores_total", "Scores emitted for events.", metrics.scores());
    gauge(out, "ltv_scores_per_second", "Scores emitted per second over the last minute.",
        metrics.scoresPerSecond());
    counter(out, "ltv_idle_rescores_total", "Scores emitted by the idle-decay punctuator.",
        metrics.idleRescores());
    counter(out, "ltv_late_within_grace_total",
        "Out-of-order events older than the user's last event but within the grace period.",
        metrics.lateWithinGraceCount());
    counter(out, "ltv_users_rebuilt_total",
        "Users whose recurrent state was rebuilt from their recent steps for a new model version.",
        metrics.usersRebuilt());
    counter(out, "ltv_duplicates_total", "Events seen before for their user: not applied, not scored.",
        metrics.duplicates());

    help(out, "ltv_dlq_records_total", "counter", "Records sent to the dead-letter topic, by reason.");
    for (Map.Entry<String, Long> entry : metrics.deadLetters().entrySet()) {
      out.append("ltv_dlq_records_total{reason=\"").append(escape(entry.getKey())).append("\"} ")
          .append(entry.getValue()).append('\n');
    }

    help(out, "ltv_score_latency_seconds", "histogram",
        "Time to score one event: state read, model step, state write, emit.");
    double[] bounds = ScorerMetrics.latencyBounds();
    long[] cumulative = metrics.latencyCumulative();
    for (int i = 0; i < bounds.length; i++) {
      out.append("ltv_score_latency_seconds_bucket{le=\"").append(number(bounds[i])).append("\"} ")
          .append(cumulative[i]).append('\n');
    }
    out.append("ltv_score_latency_seconds_bucket{le=\"+Inf\"} ").append(metrics.latencyCount()).append('\n');
    out.append("ltv_score_latency_seconds_sum ").append(number(metrics.latencySumSeconds())).append('\n');
    out.append("ltv_score_latency_seconds_count ").append(metrics.latencyCount()).append('\n');

    help(out, "ltv_model_info", "gauge", "The model version in service (value is always 1).");
    out.append("ltv_model_info{version=\"").append(escape(status.modelVersion())).append("\"} 1\n");

    help(out, "ltv_state_store_entries", "gauge", "Approximate entries in the local state stores.");
    status.storeSizes().forEach((store, size) -> out.append("ltv_state_store_entries{store=\"")
        .append(escape(store)).append("\"} ").append(size).append('\n'));

    help(out, "ltv_streams_running", "gauge", "1 when Kafka Streams is RUNNING, else 0.");
    out.append("ltv_streams_running{state=\"").append(escape(status.state())).append("\"} ")
        .append(status.ready() ? 1 : 0).append('\n');
    return out.toString();
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    help(out, name, "counter", help);
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, double value) {
    help(out, name, "gauge", help);
    out.append(name).append(' ').append(number(value)).append('\n');
  }

  private static void help(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%s", value);
  }

  private static String escape(String label) {
    return label == null ? "" : label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
