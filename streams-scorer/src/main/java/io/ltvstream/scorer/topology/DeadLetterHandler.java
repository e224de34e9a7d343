package io.ltvstream.scorer.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * What every dead-letter handler shares: the dead-letter topic and the {@link ScorerMetrics} it
 * reads from the Streams configuration, and the counted dead letter it hands back to Kafka Streams.
 * Each handler decides which failures become dead letters, with what reason, and logs them.
 */
abstract class DeadLetterHandler implements Configurable {
  /** Config key under which the service passes its {@link ScorerMetrics} instance to handlers. */
  static final String METRICS_CONFIG = "ltv.scorer.metrics";

  private String topic;
  private ScorerMetrics metrics;

  @Override
  public final void configure(Map<String, ?> configs) {
    Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      throw new IllegalArgumentException(
          StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG + " must name the dead-letter topic");
    }
    Object metrics = configs.get(METRICS_CONFIG);
    this.topic = topic.toString();
    this.metrics = metrics instanceof ScorerMetrics m ? m : new ScorerMetrics();
  }

  /** The dead-letter topic. */
  final String topic() {
    return topic;
  }

  /**
   * Counts a dead letter under its reason and makes the record that carries the source bytes to the
   * dead-letter topic, for the handler's {@code Response.resume(...)}.
   */
  final List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
      String reason, Exception exception) {
    metrics.deadLetter(reason);
    return DeadLetters.of(topic, context, key, value, reason, exception);
  }
}
