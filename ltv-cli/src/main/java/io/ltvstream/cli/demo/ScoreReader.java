package io.ltvstream.cli.demo;

import io.ltvstream.avro.LtvScore;
import io.ltvstream.schemas.AvroMessageCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads ltv-scores and ltv-dlq as a downstream consumer would (read_committed): counts both and
 * keeps each user's latest score. Not thread-safe; poll from one thread.
 */
final class ScoreReader implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String scoresTopic;
  private final AvroMessageCodec<LtvScore> codec = AvroMessageCodec.of(LtvScore.class);
  private final Map<String, LtvScore> latest = new HashMap<>();
  private long scores;
  private long deadLetters;

  ScoreReader(String bootstrapServers, String scoresTopic, String deadLetterTopic) {
    this.scoresTopic = scoresTopic;
    this.consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrapServers,
        "group.id", "ltv-demo-reader",
        "isolation.level", "read_committed",
        "auto.offset.reset", "earliest",
        "enable.auto.commit", false,
        "key.deserializer", ByteArrayDeserializer.class,
        "value.deserializer", ByteArrayDeserializer.class));
    consumer.subscribe(List.of(scoresTopic, deadLetterTopic));
  }

  /** Reads what is there now (waits at most {@code timeout}). */
  void poll(Duration timeout) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      if (record.topic().equals(scoresTopic)) {
        LtvScore score = codec.decode(record.value());
        scores++;
        latest.merge(score.getUserId(), score,
            (old, now) -> now.getEventTime().isBefore(old.getEventTime()) ? old : now);
      } else {
        deadLetters++;
      }
    }
  }

  long scores() {
    return scores;
  }

  long deadLetters() {
    return deadLetters;
  }

  Map<String, LtvScore> latestByUser() {
    return latest;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
