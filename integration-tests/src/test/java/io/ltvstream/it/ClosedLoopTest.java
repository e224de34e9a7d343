package io.ltvstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.testdata.CliRun;
import io.ltvstream.core.history.EngineeredEventFileReader;
import io.ltvstream.core.prepare.PreparePipeline;
import io.ltvstream.core.prepare.ProgressListener;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop of docs/operations.md on the embedded broker with the real scorer: a synthetic history
 * is backfilled and scored, the monitor judges the scores whose horizon closed, retrain publishes
 * a challenger to the models topic, and the scorer hot-swaps to it.
 */
class ClosedLoopTest {
  /** After the tiny model's own training data ends, so that the retrain window is new to it. */
  private static final LocalDate HISTORY_START = LocalDate.of(2025, 6, 1);
  @TempDir Path dir;

  @Test
  void backfillScoreMonitorRetrainAndHotSwap() throws Exception {
    Path history = eventsFile();
    List<EngineeredEvent> events = EngineeredEventFileReader.read(history).events();
    ModelBundle champion = TinyModel.bundle();
    Path championFile = dir.resolve("champion.zip");
    champion.save(championFile);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String bootstrap = kafka.bootstrapServers();
      Topics.createServiceTopics(kafka);
      Topics.publishModel(bootstrap, championFile);
      Map<String, String> config = ScorerProcess.config(bootstrap, "ltv-it-closed-loop", dir.resolve("state"), championFile);
      config.put("scorer.topic.models", "ltv-models");
      try (ScorerService scorer = ScorerProcess.startInProcess(config)) {
        assertThat(CliRun.of("backfill", "--input", history.toString(), "--format", "events", "--bootstrap-servers", bootstrap)
            .exit()).isZero();
        List<ConsumerRecord<byte[], byte[]>> scored = Topics.readCommitted(bootstrap, Duration.ofMinutes(5),
            Duration.ZERO, read -> read.size() >= events.size(), "ltv-scores");
        assertThat(scored).hasSize(events.size());

        Path monitorJson = dir.resolve("monitor.json");
        CliRun monitor = CliRun.of("monitor", "--bootstrap-servers", bootstrap, "--report", dir.resolve("monitor.html").toString(),
            "--json", monitorJson.toString());
        assertThat(monitor.exit()).as(monitor.err()).isZero();
        JsonNode windows = new ObjectMapper().readTree(monitorJson.toFile()).get("windows");
        assertThat(windows).isNotEmpty();
        windows.forEach(w -> {
          assertThat(w.get("model_version").asText()).isEqualTo(champion.version());
          assertThat(w.get("users").asInt()).isPositive();
        });

        Path retrainJson = dir.resolve("retrain.json");
        CliRun retrain = CliRun.of("retrain", "--bootstrap-servers", bootstrap, "--publish", "--force", "--json", retrainJson.toString(),
            "--window-days", "60", "--max-epochs", "1", "--units", "8");
        assertThat(retrain.exit()).as(retrain.err() + retrain.out()).isZero();
        JsonNode decision = new ObjectMapper().readTree(retrainJson.toFile()).get("decision");
        assertThat(decision.get("champion_version").asText()).isEqualTo(champion.version());
        String challenger = decision.get("challenger_version").asText();
        assertThat(challenger).isNotEqualTo(champion.version());

        // new events after the history: once the scorer has swapped, they are scored by the challenger
        AvroMessageCodec<EngineeredEvent> eventCodec = AvroMessageCodec.of(EngineeredEvent.class);
        AvroMessageCodec<LtvScore> scoreCodec = AvroMessageCodec.of(LtvScore.class);
        Instant after = events.stream().map(EngineeredEvent::getEventTime).max(Instant::compareTo).orElseThrow();
        String user = events.getFirst().getUserId();
        boolean swapped = false;
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap);
            KafkaConsumer<byte[], byte[]> consumer = Topics.consumer(bootstrap, "read_committed", "ltv-scores")) {
          long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
          for (int i = 0; !swapped && System.nanoTime() < deadline; i++) {
            EngineeredEvent next = Events.view(user, "after-swap-" + i, after.plusSeconds(60L * (i + 1)));
            producer.send(new ProducerRecord<>("ltv-events", user.getBytes(StandardCharsets.UTF_8), eventCodec.encode(next)));
            producer.flush();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
              LtvScore score = scoreCodec.decode(record.value());
              swapped |= score.getEventId() != null && score.getEventId().startsWith("after-swap-")
                  && score.getModelVersion().equals(challenger);
            }
          }
        }
        assertThat(swapped).as("a new event scored by the published challenger " + challenger).isTrue();
        assertThat(scorer.streams().state().isRunningOrRebalancing()).isTrue();
      }
    }
  }

  private Path eventsFile() throws Exception {
    Path raw = dir.resolve("shop.jsonl");
    try (Writer writer = Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
      new SyntheticShop(ShopConfig.defaults().withSeed(19).withUsers(200).withDays(240).withStart(HISTORY_START))
          .writeJsonLines(writer);
    }
    Path events = dir.resolve("history.avro");
    PreparePipeline.of(SyntheticShop.mappingSettings()).run(raw, events, null, ProgressListener.NONE);
    return events;
  }
}
