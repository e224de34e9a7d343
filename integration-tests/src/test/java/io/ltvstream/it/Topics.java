package io.ltvstream.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients on the embedded broker, as a producer and a downstream consumer would use them. */
final class Topics {
  private Topics() {}

  static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    return new KafkaProducer<>(Map.of(
        "bootstrap.servers", bootstrapServers,
        "acks", "all",
        "enable.idempotence", true,
        "key.serializer", ByteArraySerializer.class,
        "value.serializer", ByteArraySerializer.class));
  }

  /** A consumer from the beginning of the topics, with the given isolation level. */
  static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String isolation, String... topics) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", bootstrapServers,
        "group.id", "it-reader-" + System.nanoTime(),
        "isolation.level", isolation,
        "auto.offset.reset", "earliest",
        "enable.auto.commit", false,
        "key.deserializer", ByteArrayDeserializer.class,
        "value.deserializer", ByteArrayDeserializer.class));
    consumer.subscribe(List.of(topics));
    return consumer;
  }

  /**
   * Reads committed records of {@code topics} until {@code done} holds for what was read, then
   * keeps reading for {@code settle} to catch anything extra (a duplicate would show up there).
   */
  static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrapServers, Duration timeout,
      Duration settle, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, String... topics) {
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers, "read_committed", topics)) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(read)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("timed out after " + timeout.toSeconds() + " s with " + read.size()
              + " records read from " + List.of(topics));
        }
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
      long settleEnd = System.nanoTime() + settle.toNanos();
      while (System.nanoTime() < settleEnd) {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
    }
    return read;
  }
}
