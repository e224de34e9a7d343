package io.ltvstream.scorer.http;

import io.ltvstream.schemas.MessageCodecException;
import io.ltvstream.scorer.monitoring.ClosedWindow;
import io.ltvstream.scorer.topology.DeadLetters;
import io.ltvstream.scorer.topology.ScorerMetrics;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Renders {@code /metrics}: the scorer's own metrics, the service's health, Kafka Streams' and its
 * clients' metrics ({@code kafka_<group>_<name>}, tags as labels) and the JVM's basics.
 */
final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  /** Every dead-letter reason, so that each counter exists (at 0) before its first record. */
  static final List<String> DEAD_LETTER_REASONS = deadLetterReasons();

  private PrometheusText() {}

  private static List<String> deadLetterReasons() {
    List<String> reasons = new ArrayList<>(MessageCodecException.REASONS);
    reasons.addAll(List.of(DeadLetters.LATE_BEYOND_GRACE, DeadLetters.MISSING_USER_ID,
        DeadLetters.FEATURE_SPEC_MISMATCH, DeadLetters.FUTURE_EVENT_TIME, DeadLetters.UNSCORABLE, DeadLetters.UNDECODABLE,
        DeadLetters.UNPRODUCIBLE));
    return List.copyOf(reasons);
  }

  static String render(ScorerMetrics metrics, ServiceStatus status) {
    PrometheusWriter out = new PrometheusWriter();
    scorer(out, metrics, status);
    monitoring(out, metrics, status.monitoring());
    health(out, status);
    kafka(out, status.kafkaMetrics());
    jvm(out);
    return out.toString();
  }

  private static void scorer(PrometheusWriter out, ScorerMetrics metrics, ServiceStatus status) {
    out.family("ltv_scores_total", "counter", "Scores emitted for events.").sample("ltv_scores_total", metrics.scores());
    out.family("ltv_scores_per_second", "gauge", "Scores emitted per second over the last minute.")
        .sample("ltv_scores_per_second", metrics.scoresPerSecond());
    out.family("ltv_idle_rescores_total", "counter", "Scores emitted by the idle-decay punctuator.")
        .sample("ltv_idle_rescores_total", metrics.idleRescores());
    out.family("ltv_late_within_grace_total", "counter",
        "Out-of-order events older than the user's last event but within the grace period.")
        .sample("ltv_late_within_grace_total", metrics.lateWithinGraceCount());
    out.family("ltv_users_rebuilt_total", "counter",
        "Users whose recurrent state was rebuilt from their recent steps for a new model version.")
        .sample("ltv_users_rebuilt_total", metrics.usersRebuilt());
    out.family("ltv_duplicates_total", "counter", "Events seen before for their user: not applied, not scored.")
        .sample("ltv_duplicates_total", metrics.duplicates());

    out.family("ltv_dlq_records_total", "counter", "Records sent to the dead-letter topic, by reason.");
    Map<String, Long> deadLetters = new TreeMap<>();
    DEAD_LETTER_REASONS.forEach(reason -> deadLetters.put(reason, 0L));
    deadLetters.putAll(metrics.deadLetters());
    deadLetters.forEach((reason, count) -> out.sample("ltv_dlq_records_total", Map.of("reason", reason), count));

    out.family("ltv_score_latency_seconds", "histogram",
        "Time to score one event: state read, model step, state write, emit.");
    double[] bounds = ScorerMetrics.latencyBounds();
    long[] cumulative = metrics.latencyCumulative();
    for (int i = 0; i < bounds.length; i++) {
      out.sample("ltv_score_latency_seconds_bucket", Map.of("le", Double.toString(bounds[i])), cumulative[i]);
    }
    out.sample("ltv_score_latency_seconds_bucket", Map.of("le", "+Inf"), metrics.latencyCount());
    out.sample("ltv_score_latency_seconds_sum", metrics.latencySumSeconds());
    out.sample("ltv_score_latency_seconds_count", metrics.latencyCount());

    out.family("ltv_model_info", "gauge", "The model version in service (value is always 1).")
        .sample("ltv_model_info", Map.of("version", status.modelVersion()), 1);
    out.family("ltv_state_store_entries", "gauge", "Approximate entries in the local state stores.");
    status.storeSizes().forEach((store, size) -> out.sample("ltv_state_store_entries", Map.of("store", store), size));
  }

  /**
   * Closed monitoring windows, labelled by window start and model version. Users and the predicted
   * and realised sums add across instances (sum them by window and version for the fleet's
   * aggregate error); the Brier score and the Gini are this instance's partitions'.
   */
  private static void monitoring(PrometheusWriter out, ScorerMetrics metrics, List<ClosedWindow> windows) {
    out.family("ltv_monitoring_drift_alerts_total", "counter",
        "Closed monitoring windows whose |aggregate error| passed scorer.monitoring.drift.threshold.")
        .sample("ltv_monitoring_drift_alerts_total", metrics.driftAlerts());
    String[][] families = {
        {"ltv_monitoring_window_users", "Users whose prediction the closed window holds."},
        {"ltv_monitoring_window_predicted_value", "Sum of the expected value over the window, predicted at its start."},
        {"ltv_monitoring_window_realised_value", "Sum of the spend in the window, refunds subtracted."},
        {"ltv_monitoring_window_aggregate_error", "(predicted - realised) / realised value of the window."},
        {"ltv_monitoring_window_brier", "Brier score of p_active in the window."},
        {"ltv_monitoring_window_spend_gini", "Normalized Gini of expected value against realised spend."},
        {"ltv_monitoring_window_drift", "1 when the window's |aggregate error| passed the drift threshold."}};
    for (String[] family : families) {
      out.family(family[0], "gauge", family[1]);
      for (ClosedWindow w : windows) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("window_start", w.windowStart().toString());
        labels.put("model_version", w.modelVersion());
        double value = switch (family[0]) {
          case "ltv_monitoring_window_users" -> w.users();
          case "ltv_monitoring_window_predicted_value" -> w.predictedValue();
          case "ltv_monitoring_window_realised_value" -> w.realisedValue();
          case "ltv_monitoring_window_aggregate_error" -> w.aggregateError();
          case "ltv_monitoring_window_brier" -> w.brier();
          case "ltv_monitoring_window_spend_gini" -> w.spendGini();
          default -> w.drift() ? 1 : 0;
        };
        out.sample(family[0], labels, value);
      }
    }
  }

  private static void health(PrometheusWriter out, ServiceStatus status) {
    out.family("ltv_streams_running", "gauge", "1 when Kafka Streams is RUNNING, else 0.")
        .sample("ltv_streams_running", Map.of("state", status.state()), status.ready() ? 1 : 0);
    out.family("ltv_service_problems", "gauge", "Problems that need a restart (listed on /health).")
        .sample("ltv_service_problems", status.problems().size());
    out.family("ltv_stream_thread_replacements_total", "counter", "Stream threads replaced after a failure.")
        .sample("ltv_stream_thread_replacements_total", status.streamThreadReplacements());
    out.family("ltv_worker_up", "gauge", "1 while a background worker (model watcher) runs, 0 once it stopped.");
    status.workers().forEach(w -> out.sample("ltv_worker_up", Map.of("worker", w.name()), w.alive() ? 1 : 0));
    out.family("ltv_worker_failed_attempts_total", "counter", "Attempts of a background worker that failed and were retried.");
    status.workers().forEach(w -> out.sample("ltv_worker_failed_attempts_total", Map.of("worker", w.name()),
        w.failedAttempts()));
  }

  /** Kafka's numeric metrics; the ones Kafka names {@code *-total} are counters, the rest gauges. */
  private static void kafka(PrometheusWriter out, Map<MetricName, ? extends Metric> metrics) {
    Map<String, List<Map.Entry<MetricName, ? extends Metric>>> byFamily = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      if (entry.getValue().metricValue() instanceof Number) {
        MetricName name = entry.getKey();
        byFamily.computeIfAbsent(PrometheusWriter.sanitize("kafka_" + name.group() + "_" + name.name()),
            family -> new ArrayList<>()).add(entry);
      }
    }
    byFamily.forEach((family, samples) -> {
      MetricName first = samples.getFirst().getKey();
      out.family(family, first.name().endsWith("-total") ? "counter" : "gauge",
          first.description().isEmpty() ? first.name() : first.description());
      for (Map.Entry<MetricName, ? extends Metric> sample : samples) {
        Map<String, String> labels = new TreeMap<>();
        sample.getKey().tags().forEach((tag, value) -> labels.put(PrometheusWriter.sanitize(tag), value));
        out.sample(family, labels, ((Number) sample.getValue().metricValue()).doubleValue());
      }
    });
  }

  private static void jvm(PrometheusWriter out) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
    out.family("jvm_memory_used_bytes", "gauge", "Used JVM memory by area.")
        .sample("jvm_memory_used_bytes", Map.of("area", "heap"), heap.getUsed())
        .sample("jvm_memory_used_bytes", Map.of("area", "nonheap"), nonHeap.getUsed());
    out.family("jvm_memory_max_bytes", "gauge", "Maximum JVM memory by area (-1 when unbounded).")
        .sample("jvm_memory_max_bytes", Map.of("area", "heap"), heap.getMax())
        .sample("jvm_memory_max_bytes", Map.of("area", "nonheap"), nonHeap.getMax());
    out.family("jvm_memory_pool_used_bytes", "gauge", "Used JVM memory by pool.");
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      out.sample("jvm_memory_pool_used_bytes", Map.of("pool", pool.getName()), pool.getUsage().getUsed());
    }
    out.family("jvm_buffer_memory_used_bytes", "gauge", "Memory of direct and mapped buffers (RocksDB's are native and not here).");
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      out.sample("jvm_buffer_memory_used_bytes", Map.of("pool", pool.getName()), pool.getMemoryUsed());
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    out.family("jvm_threads_live", "gauge", "Live JVM threads.").sample("jvm_threads_live", threads.getThreadCount());
    out.family("jvm_threads_daemon", "gauge", "Live daemon threads.").sample("jvm_threads_daemon", threads.getDaemonThreadCount());
    out.family("jvm_threads_peak", "gauge", "Most live threads since the JVM started.")
        .sample("jvm_threads_peak", threads.getPeakThreadCount());
    out.family("jvm_classes_loaded", "gauge", "Classes loaded now.")
        .sample("jvm_classes_loaded", ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
    out.family("jvm_gc_collections_total", "counter", "Garbage collections by collector.");
    out.family("jvm_gc_collection_seconds_total", "counter", "Time spent in garbage collection by collector.");
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      Map<String, String> labels = new LinkedHashMap<>(Map.of("gc", gc.getName()));
      out.sample("jvm_gc_collections_total", labels, Math.max(0, gc.getCollectionCount()));
      out.sample("jvm_gc_collection_seconds_total", labels, Math.max(0, gc.getCollectionTime()) / 1000.0);
    }
    out.family("process_uptime_seconds", "gauge", "Time since the JVM started.")
        .sample("process_uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    out.family("process_start_time_seconds", "gauge", "When the JVM started, in seconds since the epoch.")
        .sample("process_start_time_seconds", ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    out.family("process_cpu_load", "gauge", "Recent CPU load of the JVM process, 0 to 1 (-1 when unknown).")
        .sample("process_cpu_load", os.getProcessCpuLoad());
    out.family("process_cpu_seconds_total", "counter", "CPU time the JVM process used.")
        .sample("process_cpu_seconds_total", Math.max(0, os.getProcessCpuTime()) / 1e9);
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      out.family("process_open_fds", "gauge", "Open file descriptors.").sample("process_open_fds", unix.getOpenFileDescriptorCount());
      out.family("process_max_fds", "gauge", "Most file descriptors the process may open.")
          .sample("process_max_fds", unix.getMaxFileDescriptorCount());
    }
  }
}
