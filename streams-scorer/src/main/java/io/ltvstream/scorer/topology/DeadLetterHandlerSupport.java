package io.ltvstream.scorer.topology;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/** What every dead-letter handler reads from the Streams configuration. */
final class DeadLetterHandlerSupport {
  /** Config key under which the service passes its {@link ScorerMetrics} instance to handlers. */
  static final String METRICS_CONFIG = "ltv.scorer.metrics";

  final String topic;
  final ScorerMetrics metrics;

  private DeadLetterHandlerSupport(String topic, ScorerMetrics metrics) {
    this.topic = topic;
    this.metrics = metrics;
  }

  static DeadLetterHandlerSupport from(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      throw new IllegalArgumentException(
          StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must name the dead-letter topic");
    }
    Object metrics = configs.get(METRICS_CONFIG);
    return new DeadLetterHandlerSupport(topic.toString(),
        metrics instanceof ScorerMetrics m ? m : new ScorerMetrics());
  }
}
