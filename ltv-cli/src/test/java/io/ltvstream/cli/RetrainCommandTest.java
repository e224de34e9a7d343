package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.testdata.CliRun;
import io.ltvstream.core.history.EngineeredEventFileReader;
import io.ltvstream.core.synthetic.BehaviourShift;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.scorer.service.BundleSignature;
import io.ltvstream.scorer.service.ModelTopicWatcher;
import io.ltvstream.train.LtvTrainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The gate both ways, with real (tiny) DL4J training on a synthetic year: a deliberately weak
 * champion (a handful of users, one epoch, no baseline blend) loses to the challenger; the
 * challenger, as champion of an identical second run, is not beaten by its own twin.
 */
class RetrainCommandTest {
  private static final int WINDOW_DAYS = 90;
  @TempDir static Path dir;
  private static Path events;
  private static Path weakChampion;
  private static final String[] TINY = {"--window-days", "" + WINDOW_DAYS, "--max-epochs", "1", "--units", "8"};

  @BeforeAll
  static void historyAndWeakChampion() throws Exception {
    events = SyntheticHistory.eventsFile(dir, 250, 365, 5);
    List<EngineeredEvent> all = EngineeredEventFileReader.read(events).events();
    LocalDate end = all.stream().map(EngineeredEvent::getEventTime).max(Instant::compareTo).orElseThrow()
        .atZone(ZoneOffset.UTC).toLocalDate();
    LocalDate trainedUpTo = end.minusDays(WINDOW_DAYS);
    Instant cutoff = trainedUpTo.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, List<EngineeredEvent>> byUser = new TreeMap<>();
    for (EngineeredEvent event : all) {
      if (event.getEventTime().isBefore(cutoff)) {
        byUser.computeIfAbsent(event.getUserId(), u -> new ArrayList<>()).add(event);
      }
    }
    byUser.values().forEach(h -> h.sort(HistoryInput.REPLAY_ORDER));
    LtvTrainer.Settings weak = LtvTrainer.Settings.defaults().toBuilder().seed(3).units(4).denseUnits(2)
        .maxEpochs(1).patience(1).baselineBlend(0).validationDays(30).cutoffStepDays(60).horizonDays(WINDOW_DAYS)
        .maxTrainingUsers(15).build();
    weakChampion = dir.resolve("weak.zip");
    new LtvTrainer(weak, null).train(byUser.values().stream().limit(15).toList(), trainedUpTo).save(weakChampion);
  }

  @Test
  void aBetterChallengerIsWrittenAndItsTwinDoesNotDisplaceIt() throws Exception {
    Path challenger = dir.resolve("challenger.zip");
    Path firstJson = dir.resolve("first.json");
    Path report = dir.resolve("first.html");
    CliRun first = retrain("--input", events.toString(), "--format", "events", "--champion", weakChampion.toString(),
        "--out", challenger.toString(), "--json", firstJson.toString(), "--report", report.toString());
    assertThat(first.exit()).as(first.err() + first.out()).isZero();
    JsonNode a = new ObjectMapper().readTree(firstJson.toFile());
    assertThat(a.at("/decision/winner").asText()).isEqualTo("challenger");
    assertThat(a.at("/decision/promoted").asBoolean()).isTrue();
    assertThat(a.at("/models/challenger/spend/gini").asDouble()).isGreaterThan(a.at("/models/champion/spend/gini").asDouble());
    assertThat(a.at("/dataset/holdout_end").asText()).isEqualTo(
        LocalDate.parse(a.at("/dataset/calibration_end").asText()).plusDays(WINDOW_DAYS).toString());
    assertThat(a.get("models").fieldNames()).toIterable().containsExactly("champion", "challenger", "zero");
    ModelBundle written = ModelBundle.load(challenger);
    assertThat(written.version()).isEqualTo(a.at("/decision/challenger_version").asText());
    assertThat(written.metadata().horizonDays()).as("the champion's horizon").isEqualTo(WINDOW_DAYS);
    assertThat(Files.readString(report)).contains("challenger").contains("<svg");

    Path twin = dir.resolve("twin.zip");
    Path secondJson = dir.resolve("second.json");
    CliRun second = retrain("--input", events.toString(), "--format", "events", "--champion", challenger.toString(),
        "--out", twin.toString(), "--json", secondJson.toString());
    assertThat(second.exit()).as(second.err() + second.out()).isEqualTo(RetrainCommand.CHAMPION_STAYS);
    JsonNode b = new ObjectMapper().readTree(secondJson.toFile());
    assertThat(b.at("/decision/winner").asText()).isEqualTo("champion");
    assertThat(b.at("/decision/promoted").asBoolean()).isFalse();
    assertThat(b.at("/decision/reason").asText()).startsWith("challenger ranks no better");
    assertThat(twin).doesNotExist();
    assertThat(second.out()).contains("champion " + written.version() + " stays");
  }

  @Test
  void readsTheHistoryAndTheChampionFromKafkaAndPublishesTheSignedWinner() throws Exception {
    Path key = dir.resolve("signing.key");
    Files.writeString(key, "a-signing-key-of-enough-bytes\n");
    BundleSignature signature = new BundleSignature("a-signing-key-of-enough-bytes".getBytes(StandardCharsets.UTF_8));
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      SyntheticHistory.createKeptTopics(kafka.bootstrapServers(), 2, StreamTopics.EVENTS, StreamTopics.MODELS);
      CommandLine backfill = Ltv.commandLine();
      backfill.setOut(new PrintWriter(new StringWriter()));
      assertThat(backfill.execute("backfill", "--input", events.toString(), "--format", "events",
          "--bootstrap-servers", kafka.bootstrapServers())).isZero();
      byte[] weak = Files.readAllBytes(weakChampion);
      try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
          "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(StreamTopics.MODELS, RetrainCommand.MODEL_KEY, weak);
        record.headers().add(ModelTopicWatcher.SIGNATURE_HEADER, signature.sign(weak).getBytes(StandardCharsets.UTF_8));
        producer.send(record).get();
      }
      Path json = dir.resolve("kafka.json");
      CliRun run = retrain("--bootstrap-servers", kafka.bootstrapServers(), "--publish", "--json", json.toString(),
          "--signing-key-file", key.toString());
      assertThat(run.exit()).as(run.err() + run.out()).isZero();
      JsonNode result = new ObjectMapper().readTree(json.toFile());
      assertThat(result.at("/decision/champion_version").asText()).isEqualTo(ModelBundle.load(weakChampion).version());

      List<ConsumerRecord<byte[], byte[]>> bundles = new ArrayList<>();
      TopicSnapshot.read(kafka.bootstrapServers(), StreamTopics.MODELS, bundles::add);
      assertThat(bundles).hasSize(2);
      ConsumerRecord<byte[], byte[]> published = bundles.get(1);
      assertThat(ModelBundle.read(published.value(), "test").version()).isEqualTo(result.at("/decision/challenger_version").asText());
      assertThat(signature.verify(published.value(), new String(published.headers()
          .lastHeader(ModelTopicWatcher.SIGNATURE_HEADER).value(), StandardCharsets.UTF_8))).isTrue();
    }
  }

  @Test
  void withoutAHistorySourceOrWithTwoOutputsItIsAUsageError() {
    CliRun none = retrain("--champion", weakChampion.toString(), "--out", "x.zip", "--json", "x.json");
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("the history comes from --input F --format X or --bootstrap-servers B");
    CliRun both = retrain("--input", events.toString(), "--format", "events", "--champion", weakChampion.toString(),
        "--out", "x.zip", "--publish", "--bootstrap-servers", "localhost:1", "--json", "x.json");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("choose one of --out BUNDLE and --publish");
  }

  @Test
  void everyRunsAgainAndTheChallengerItPromotedIsTheNextRunsChampion() throws Exception {
    Path promoted = dir.resolve("every.zip");
    Path json = dir.resolve("every.json");
    CliRun run = retrain("--input", events.toString(), "--format", "events", "--champion", weakChampion.toString(),
        "--out", promoted.toString(), "--json", json.toString(), "--every", "PT1S", "--runs", "2");
    assertThat(run.err()).contains("retrain: run 1 of 2, every PT1S").contains("retrain: run 2 of 2, every PT1S");
    assertThat(run.exit()).as("the last run: its champion, the first run's challenger, stays").isEqualTo(RetrainCommand.CHAMPION_STAYS);
    JsonNode last = new ObjectMapper().readTree(json.toFile());
    assertThat(last.at("/decision/champion_version").asText()).isEqualTo(ModelBundle.load(promoted).version());
    assertThat(last.at("/decision/promoted").asBoolean()).isFalse();
    assertThat(retrain("--input", events.toString(), "--format", "events", "--champion", weakChampion.toString(),
        "--out", promoted.toString(), "--json", json.toString(), "--runs", "2").exit()).as("--runs without --every").isEqualTo(2);
  }

  /**
   * Web customers buy a tenth as often from 84 days before the history's end. The challenger judged
   * on the last 28 days is validated and calibrated on the 28 days before them, all after the shift,
   * and predicts the window's spend within 25 %. Calibrated on the trainer's default 91 days, which
   * reach back past the shift, it predicted the level from before it.
   */
  @Test
  void aChallengerAfterAShiftIsCalibratedOnTheDaysBeforeTheWindowAsLongAsTheWindow() throws Exception {
    Path shifted = SyntheticHistory.eventsFile(dir, 400, 365 + 84, 23, new BehaviourShift(365, "web", 0.1));
    Path json = dir.resolve("shifted.json");
    CliRun run = CliRun.of("retrain", "--input", shifted.toString(), "--format", "events", "--champion",
        weakChampion.toString(), "--out", dir.resolve("shifted.zip").toString(), "--json", json.toString(),
        "--window-days", "28", "--max-epochs", "2", "--units", "16");
    assertThat(run.exit()).as(run.err() + run.out()).isIn(0, RetrainCommand.CHAMPION_STAYS);
    double error = new ObjectMapper().readTree(json.toFile()).at("/models/challenger/spend/aggregate_error").asDouble();
    System.out.println("challenger's aggregate spend error on the window after the shift: " + error);
    assertThat(Math.abs(error)).as(run.err()).isLessThan(0.25);
  }

  private static CliRun retrain(String... args) {
    List<String> all = new ArrayList<>(List.of("retrain"));
    all.addAll(List.of(args));
    if (List.of(args).contains("--json")) {
      all.addAll(List.of(TINY));
    }
    return CliRun.of(all.toArray(String[]::new));
  }
}
