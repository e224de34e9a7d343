package io.ltvstream.scorer.http;

import java.util.Map;

/** What {@code /health} and {@code /metrics} read about the running service. */
public interface ServiceStatus {
  /** Ready to serve: the Kafka Streams state is RUNNING. */
  boolean ready();

  /** Alive: not failed and not shut down (rebalancing counts as alive). */
  boolean alive();

  /** The Kafka Streams state name. */
  String state();

  /** The model version in service. */
  String modelVersion();

  /** Approximate entries per local state store, by store name. */
  Map<String, Long> storeSizes();
}
