package io.ltvstream.it.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.schemas.AvroMessageCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The locally built Kafka image serves Testcontainers' own {@link KafkaContainer}: our Avro
 * single-object messages survive a transactional round trip through the containerized broker, and
 * a read_committed consumer sees committed transactions only.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerRoundTripTest {
  private static final AvroMessageCodec<EngineeredEvent> CODEC = AvroMessageCodec.of(EngineeredEvent.class);
  private static KafkaContainer kafka;

  @BeforeAll
  static void startBroker() {
    kafka = LtvImages.kafka();
    kafka.start();
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.stop();
    }
  }

  @Test
  void committedAvroMessagesComeBackIntactAndAbortedOnesNever() throws Exception {
    String topic = "ltv-events-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
    List<EngineeredEvent> committed = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 200; i++) {
        EngineeredEvent event = event(i);
        committed.add(event);
        producer.send(new ProducerRecord<>(topic, event.getUserId(), CODEC.encode(event)));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "u-aborted", CODEC.encode(event(999))));
      producer.flush();
      producer.abortTransaction();
    }

    List<ConsumerRecord<String, byte[]>> read = readAll(topic, committed.size());

    assertThat(read).hasSize(committed.size());
    assertThat(read).allSatisfy(record ->
        assertThat(record.key()).isEqualTo(CODEC.decode(record.value()).getUserId()));
    assertThat(read.stream().map(record -> CODEC.decode(record.value())).toList())
        .containsExactlyInAnyOrderElementsOf(committed);
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      // Read past the expected count for a moment, so an aborted record that leaked would show.
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
        if (read.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    return read;
  }

  private static KafkaProducer<String, byte[]> transactionalProducer() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "round-trip-" + UUID.randomUUID());
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  private static EngineeredEvent event(int i) {
    double amount = 5.0 + i % 17;
    return EngineeredEvent.newBuilder()
        .setEventId("e-" + i).setUserId("u-" + i % 23)
        .setEventTime(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(3_600L * i))
        .setEventType(EventType.PURCHASE).setAmount(amount).setCurrency("EUR").setQuantity(1)
        .setProductId("sku-" + i % 5).setCategory("books").setChannel("web").setAge(null)
        .setGender(null).setRegion(null).setAttributes(Map.of()).setAmountBase(amount)
        .setLogAmount(Math.log1p(amount)).setHourSin(0.0).setHourCos(1.0).setWeekdaySin(0.0)
        .setWeekdayCos(1.0).setIsWeekend(false).setCategoryBucket(3).setIsPurchase(true)
        .setIsRefund(false).setIsEngagement(false).setFeatureSpecVersion(1)
        .setSourceId("round-trip").setSourcePosition((long) i).build();
  }
}
