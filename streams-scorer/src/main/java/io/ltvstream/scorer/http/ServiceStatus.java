package io.ltvstream.scorer.http;

import io.ltvstream.scorer.monitoring.ClosedWindow;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** What {@code /health} and {@code /metrics} read about the running service. */
public interface ServiceStatus {
  /** A background thread of the service: alive, and how many of its attempts failed and were retried. */
  record Worker(String name, boolean alive, long failedAttempts) {}

  /** Ready to serve: the Kafka Streams state is RUNNING. */
  boolean ready();

  /** Alive: not failed and not shut down (rebalancing counts as alive). */
  boolean alive();

  /** Why the instance needs a restart (a dead model watcher, a shut-down client); empty when healthy. */
  List<String> problems();

  /** The Kafka Streams state name. */
  String state();

  /** The model version in service. */
  String modelVersion();

  /** Approximate entries per local state store, by store name. */
  Map<String, Long> storeSizes();

  /** The service's background threads. */
  List<Worker> workers();

  /** Stream threads replaced after a failure since the start. */
  long streamThreadReplacements();

  /** This instance's partitions' closed monitoring windows, oldest first (empty when monitoring is off). */
  default List<ClosedWindow> monitoring() {
    return List.of();
  }

  /** Kafka Streams' own metrics and its clients' (consumer, producer, admin, RocksDB, threads). */
  Map<MetricName, ? extends Metric> kafkaMetrics();
}
