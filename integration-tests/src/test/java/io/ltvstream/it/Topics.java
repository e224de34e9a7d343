package io.ltvstream.it;

import io.ltvstream.broker.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients on the embedded broker, as a producer and a downstream consumer would use them. */
final class Topics {
  private Topics() {}

  /**
   * The service's topics for a closed-loop run: events, scores and dead letters (2 partitions, kept
   * forever, so a replayed year of history is not deleted as it is written) and the compacted models topic.
   */
  static void createServiceTopics(EmbeddedKafka kafka) throws Exception {
    try (Admin admin = kafka.admin()) {
      Map<String, String> kept = Map.of("retention.ms", "-1");
      admin.createTopics(List.of(new NewTopic("ltv-events", 2, (short) 1).configs(kept),
          new NewTopic("ltv-scores", 2, (short) 1).configs(kept), new NewTopic("ltv-dlq", 2, (short) 1).configs(kept),
          new NewTopic("ltv-models", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
    }
  }

  /** Publishes {@code bundle} to the models topic, as the model in service. */
  static void publishModel(String bootstrapServers, Path bundle) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
      producer.send(new ProducerRecord<>("ltv-models", "current".getBytes(StandardCharsets.UTF_8),
          Files.readAllBytes(bundle))).get();
    }
  }

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
