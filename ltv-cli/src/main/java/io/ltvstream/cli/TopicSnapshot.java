package io.ltvstream.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic as it is now: every committed record of every partition from the beginning up to
 * the end offsets taken at the start, without a consumer group (nothing is committed, so every
 * run reads the same). For {@code retrain} and {@code monitor}.
 */
final class TopicSnapshot {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TopicSnapshot() {}

  /**
   * @throws IllegalStateException when the broker does not answer, the topic does not exist, or it
   *     cannot be read to its end in time
   */
  static void read(String bootstrapServers, String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrapServers,
        "isolation.level", "read_committed",
        "enable.auto.commit", false,
        "max.partition.fetch.bytes", 16 * 1024 * 1024,
        "key.deserializer", ByteArrayDeserializer.class,
        "value.deserializer", ByteArrayDeserializer.class))) {
      var infos = partitions(consumer, bootstrapServers, topic);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers);
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
      long quietSince = System.nanoTime();
      while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < ends.get(p))) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          quietSince = System.nanoTime();
        } else if (System.nanoTime() - quietSince > TIMEOUT.toNanos()) {
          throw new IllegalStateException("no record of " + topic + " arrived for " + TIMEOUT.toSeconds()
              + " s before its end was reached");
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
            sink.accept(record);
          }
        }
      }
    }
  }

  private static List<PartitionInfo> partitions(KafkaConsumer<byte[], byte[]> consumer,
      String bootstrapServers, String topic) {
    try {
      return consumer.partitionsFor(topic, TIMEOUT);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker at " + bootstrapServers + " did not answer within "
          + TIMEOUT.toSeconds() + " s (reading topic " + topic + "); is it running, and is the address right?", e);
    }
  }
}
