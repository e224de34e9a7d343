package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.avro.Segment;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.testdata.CliRun;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.testkit.Events;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores and events with known outcomes on a real broker: user a is predicted 100 over 30 days
 * and spends 40 + 60 on two days; user b is predicted 50 and buys nothing; user c's score (day
 * 70) has not closed. Snapshots every 7 days: days 7, 14, 21 and 28 hold a and b, later ones
 * nobody closed.
 */
class MonitorCommandTest {
  private static final Instant DAY0 = Instant.parse("2024-03-01T00:00:00Z");
  @TempDir Path dir;

  @Test
  void aBrokerThatDoesNotAnswerIsNamedInTheError() {
    // port 1: nothing listens there, so the reader waits out its 30 s for the topic's metadata
    CliRun monitor = CliRun.of("monitor", "--bootstrap-servers", "localhost:1", "--report",
        dir.resolve("m.html").toString());

    assertThat(monitor.exit()).isEqualTo(MonitorCommand.FAILED);
    assertThat(monitor.err()).contains("ltv monitor: the broker at localhost:1 did not answer within 30 s"
        + " (reading topic ltv-scores)");
    assertThat(dir.resolve("m.html")).doesNotExist();
  }

  @Test
  void closedWindowsCompareThePredictionsInForceWithWhatTheUsersDid() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      SyntheticHistory.createKeptTopics(kafka.bootstrapServers(), 2, StreamTopics.SCORES, StreamTopics.EVENTS);
      AvroMessageCodec<LtvScore> scores = AvroMessageCodec.of(LtvScore.class);
      AvroMessageCodec<EngineeredEvent> events = AvroMessageCodec.of(EngineeredEvent.class);
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
          "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
        producer.send(new ProducerRecord<>(StreamTopics.SCORES, "a", scores.encode(score("a", day(0), 100, 2, 0.9, Segment.ACTIVE_HIGH))));
        producer.send(new ProducerRecord<>(StreamTopics.SCORES, "b", scores.encode(score("b", day(0), 50, 1, 0.5, Segment.AT_RISK))));
        producer.send(new ProducerRecord<>(StreamTopics.SCORES, "c", scores.encode(score("c", day(70), 80, 1, 0.7, Segment.ACTIVE))));
        producer.send(new ProducerRecord<>(StreamTopics.EVENTS, "a", events.encode(Events.purchase("a", "a1", day(5), 40))));
        producer.send(new ProducerRecord<>(StreamTopics.EVENTS, "a", events.encode(Events.purchase("a", "a2", day(10), 60))));
        producer.send(new ProducerRecord<>(StreamTopics.EVENTS, "a", events.encode(Events.purchase("a", "a3", day(45), 999))));
        producer.send(new ProducerRecord<>(StreamTopics.EVENTS, "c", events.encode(Events.purchase("c", "c1", day(70), 25))));
        producer.send(new ProducerRecord<>(StreamTopics.EVENTS, "x", "not an event".getBytes())).get();
      }
      Path report = dir.resolve("monitor.html");
      Path json = dir.resolve("monitor.json");
      CliRun monitor = CliRun.of("monitor", "--bootstrap-servers", kafka.bootstrapServers(), "--report", report.toString(),
          "--json", json.toString(), "--step-days", "7");
      assertThat(monitor.exit()).as(monitor.err()).isZero();
      assertThat(monitor.err()).contains("3 scores, 4 events, 1 undecodable records skipped");

      JsonNode windows = new ObjectMapper().readTree(json.toFile()).get("windows");
      assertThat(windows).hasSize(4);
      for (int k = 0; k < 4; k++) {
        JsonNode w = windows.get(k);
        assertThat(w.get("window_start").asText()).isEqualTo(day(7 * (k + 1)).toString());
        assertThat(w.get("window_end").asText()).isEqualTo(day(30).toString());
        assertThat(w.get("model_version").asText()).isEqualTo("lstm-test");
        assertThat(w.get("users").asInt()).isEqualTo(2);
        assertThat(w.get("predicted_value").asDouble()).isEqualTo(150.0);
        assertThat(w.get("realised_value").asDouble()).isEqualTo(100.0);
        assertThat(w.get("aggregate_error").asDouble()).isEqualTo(0.5);
        assertThat(w.get("realised_transactions").asDouble()).isEqualTo(2.0);
        assertThat(w.get("value_mae").asDouble()).isEqualTo(25.0);
        assertThat(w.get("brier").asDouble()).isCloseTo(0.13, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w.get("spend_gini").asDouble()).isEqualTo(1.0);
      }
      String html = Files.readString(report);
      assertThat(html).contains("<svg").contains("predicted vs realised value per window").contains("ACTIVE_HIGH")
          .contains("AT_RISK");
      assertThat(monitor.out()).contains("users, predicted 150.00, realised 100.00, aggregate error 0.5000");
    }
  }

  private static Instant day(int n) {
    return DAY0.plus(Duration.ofDays(n));
  }

  private static LtvScore score(String user, Instant at, double value, double transactions, double pActive, Segment segment) {
    return LtvScore.newBuilder().setUserId(user).setEventId(user + "-scored").setEventTime(at).setScoredAt(at)
        .setModelVersion("lstm-test").setHorizonDays(30).setExpectedValue(value).setExpectedTransactions(transactions)
        .setPActive(pActive).setValueP10(0).setValueP50(value).setValueP90(2 * value).setFrequency(1)
        .setRecencyDays(0).setTenureDays(10).setMonetaryMean(value).setBaselineValue(null).setSegment(segment).build();
  }
}
