package io.ltvstream.scorer.service;

import static io.ltvstream.scorer.service.BrokerClients.PATIENCE;
import static io.ltvstream.scorer.service.BrokerClients.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.schemas.kafka.LtvSerdes;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A score the broker refuses (larger than the scores topic's {@code max.message.bytes}) ends in
 * the dead-letter topic with its source record and the reason {@code unproducible}; the service
 * stays RUNNING and scores the events after it, on a real broker under exactly-once.
 */
class DeadLetterProductionBrokerTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final int SCORES_MAX_MESSAGE_BYTES = 2048;
  @TempDir Path dir;

  @Test
  void aScoreTooLargeForTheBrokerIsDeadLetteredAndTheStreamGoesOn() throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start()) {
      try (Admin admin = broker.admin()) {
        admin.createTopics(List.of(new NewTopic("ltv-events", 1, (short) 1),
            new NewTopic("ltv-scores", 1, (short) 1).configs(Map.of(
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(SCORES_MAX_MESSAGE_BYTES))),
            new NewTopic("ltv-dlq", 1, (short) 1))).all().get();
      }
      TinyModel.bundle().save(dir.resolve("model.zip"));
      Map<String, String> config = new HashMap<>();
      config.put("bootstrap.servers", broker.bootstrapServers());
      config.put("state.dir", dir.resolve("state").toString());
      config.put("commit.interval.ms", "100");
      config.put("num.stream.threads", "1");
      config.put("replication.factor", "1");
      config.put("scorer.model.path", dir.resolve("model.zip").toString());
      config.put("scorer.http.host", "127.0.0.1");
      config.put("scorer.http.port", "0");
      config.put("scorer.http.tokens", "metrics:m");
      String hugeUser = "u".repeat(3 * SCORES_MAX_MESSAGE_BYTES); // its score carries the id twice
      EngineeredEvent tooLarge = Events.purchase(hugeUser, "big", T0.plus(Duration.ofHours(1)), 20);
      List<EngineeredEvent> events = List.of(Events.purchase("before", "a", T0, 10), tooLarge,
          Events.purchase("after", "c", T0.plus(Duration.ofHours(2)), 30));

      try (ScorerService service = ScorerService.start(new ScorerSettings(ScorerConfig.of(config)))) {
        await("Kafka Streams RUNNING", () -> service.streams().state() == KafkaStreams.State.RUNNING);
        BrokerClients.produce(broker, "ltv-events", events);

        List<ConsumerRecord<String, byte[]>> dead = readAtLeast(broker, "ltv-dlq", 1);
        List<ConsumerRecord<String, byte[]>> scores = readAtLeast(broker, "ltv-scores", 2);
        assertThat(scores).extracting(ConsumerRecord::key).containsExactly("before", "after");
        assertThat(dead).hasSize(1);
        ConsumerRecord<String, byte[]> letter = dead.getFirst();
        assertThat(header(letter, "ltv.dlq.reason")).isEqualTo("unproducible");
        assertThat(header(letter, "__streams.errors.exception")).contains("RecordTooLargeException");
        assertThat(letter.value()).as("the source event, unchanged")
            .isEqualTo(LtvSerdes.engineeredEvent(LtvSchemaStore.standard()).serialize("ltv-events", tooLarge));
        assertThat(service.metrics().deadLetters()).containsEntry("unproducible", 1L);
        assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(BrokerClients.get(service.httpPort(), "/metrics", "m").body()).as("no stream thread died")
            .contains("ltv_stream_thread_replacements_total 0\n");
      }
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertThat(header).as("header " + name).isNotNull();
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Reads {@code topic} from the start with read_committed until {@code count} records came, and a second more. */
  private static List<ConsumerRecord<String, byte[]>> readAtLeast(EmbeddedKafka broker, String topic, int count) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      long settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
      while (System.nanoTime() < settle) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
