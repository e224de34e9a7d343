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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
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

        List<ConsumerRecord<String, byte[]>> dead = BrokerClients.readAtLeast(broker, "ltv-dlq", 1, PATIENCE);
        List<ConsumerRecord<String, byte[]>> scores = BrokerClients.readAtLeast(broker, "ltv-scores", 2, PATIENCE);
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
}
