package io.ltvstream.scorer.http;

import io.ltvstream.scorer.monitoring.ClosedWindow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** A service state the HTTP tests set by hand: running or not, and any problems. */
final class FixedStatus implements ServiceStatus {
  final AtomicBoolean running = new AtomicBoolean();
  final List<String> problems = new CopyOnWriteArrayList<>();
  final List<ClosedWindow> monitoring = new CopyOnWriteArrayList<>();

  @Override public boolean ready() { return running.get(); }
  @Override public boolean alive() { return true; }
  @Override public List<String> problems() { return List.copyOf(problems); }
  @Override public String state() { return running.get() ? "RUNNING" : "REBALANCING"; }
  @Override public String modelVersion() { return "lstm-0123456789ab"; }
  @Override public Map<String, Long> storeSizes() { return Map.of("user-state", 42L); }
  @Override public List<Worker> workers() { return List.of(new Worker("model-directory", problems.isEmpty(), 2)); }
  @Override public long streamThreadReplacements() { return 0; }
  @Override public List<ClosedWindow> monitoring() { return List.copyOf(monitoring); }
  @Override public Map<MetricName, ? extends Metric> kafkaMetrics() { return Map.of(); }
}
