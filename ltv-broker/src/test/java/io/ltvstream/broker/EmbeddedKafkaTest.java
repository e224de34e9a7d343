package io.ltvstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {
  @Test
  void committedTransactionsAreReadAndAbortedOnesAreNotThenTheBrokerLeavesNoFiles() throws Exception {
    Path directory;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(2, "t");
      Map<String, Object> producerConfig = Map.of(
          "bootstrap.servers", kafka.bootstrapServers(),
          "transactional.id", "tx-" + UUID.randomUUID(),
          "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("t", "k1", "committed"));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("t", "k2", "aborted"));
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("t", "k3", "committed too"));
        producer.commitTransaction();
      }
      List<String> read = new ArrayList<>();
      try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
          "bootstrap.servers", kafka.bootstrapServers(), "group.id", "g",
          "isolation.level", "read_committed", "auto.offset.reset", "earliest",
          "key.deserializer", StringDeserializer.class, "value.deserializer", StringDeserializer.class))) {
        consumer.subscribe(List.of("t"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (read.size() < 2 && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            read.add(r.value());
          }
        }
      }
      assertThat(read).containsExactlyInAnyOrder("committed", "committed too");
      directory = kafka.directory();
      assertThat(directory).isDirectory();
    }
    assertThat(Files.exists(directory)).isFalse();
  }

  @Test
  void aKeptBrokerListensOnItsFixedPortAndARestartFindsItsTopicsAndRecords(@TempDir Path data) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.startKeeping(data, port)) {
      assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
      kafka.createTopics(1, "kept");
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          "bootstrap.servers", "localhost:" + port,
          "key.serializer", StringSerializer.class, "value.serializer", StringSerializer.class))) {
        producer.send(new ProducerRecord<>("kept", "k", "before the restart")).get();
      }
    }
    assertThat(data.resolve(EmbeddedKafka.CLUSTER_ID_FILE)).isRegularFile();

    try (EmbeddedKafka kafka = EmbeddedKafka.startKeeping(data, port);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
            "bootstrap.servers", kafka.bootstrapServers(), "group.id", "g",
            "auto.offset.reset", "earliest",
            "key.deserializer", StringDeserializer.class, "value.deserializer", StringDeserializer.class))) {
      consumer.subscribe(List.of("kept"));
      List<String> read = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (read.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
      }
      assertThat(read).containsExactly("before the restart");
    }
    assertThat(data).isDirectoryContaining(p -> p.getFileName().toString().equals(EmbeddedKafka.CLUSTER_ID_FILE));
  }
}
