package io.ltvstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.testdata.CliRun;
import io.ltvstream.core.history.EngineeredEventFileReader;
import io.ltvstream.core.prepare.PreparePipeline;
import io.ltvstream.core.prepare.ProgressListener;
import io.ltvstream.core.synthetic.BehaviourShift;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.train.LtvTrainer;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift walk-through of docs/operations.md on the embedded broker with the real scorer: a
 * year of the synthetic shop is backfilled and scored; the shop's web customers then buy a tenth
 * as often; the scorer's closed monitoring windows show the champion's aggregate error growing;
 * {@code ./ltv retrain} trains a challenger on the new data, it beats the champion on the latest
 * window and is published; the scorer hot-swaps; the windows the challenger predicts close with
 * a smaller error.
 */
class DriftWalkthroughTest {
  private static final int WINDOW = 28;
  private static final LocalDate HISTORY_START = LocalDate.of(2024, 6, 1);
  private static final String METRICS_TOKEN = "it-metrics-token";
  @TempDir Path dir;

  @Test
  void theErrorGrowsAfterTheShiftAndFallsBackOnceTheRetrainedModelIsInService() throws Exception {
    long startDay = HISTORY_START.toEpochDay();
    // the shift falls on the first window start after a year of history
    long shiftDay = Math.ceilDiv(startDay + 365, WINDOW) * (long) WINDOW;
    int shiftIndex = (int) (shiftDay - startDay);
    Instant shift = epochDay(shiftDay);
    Instant liveFrom = epochDay(shiftDay + 3 * WINDOW); // backfilled before, live from here
    SyntheticShop shop = new SyntheticShop(ShopConfig.defaults().withSeed(23).withUsers(400)
        .withDays(shiftIndex + 5 * WINDOW + 2).withStart(HISTORY_START).withDirt(0, 0, 0, 0),
        new BehaviourShift(shiftIndex, "web", 0.1));
    Path history = prepared(shop, "history", e -> e.isBefore(liveFrom));
    Path all = prepared(shop, "all", e -> true);
    List<EngineeredEvent> backfilled = EngineeredEventFileReader.read(history).events();
    List<EngineeredEvent> live = EngineeredEventFileReader.read(all).events().stream()
        .filter(e -> !e.getEventTime().isBefore(liveFrom)).toList();

    // the champion: a small model trained on the year before the shift (docs: ./ltv train)
    Path championFile = dir.resolve("champion.zip");
    Map<String, List<EngineeredEvent>> byUser = new TreeMap<>();
    for (EngineeredEvent event : backfilled) {
      if (event.getEventTime().isBefore(shift)) {
        byUser.computeIfAbsent(event.getUserId(), u -> new ArrayList<>()).add(event);
      }
    }
    byUser.values().forEach(h -> h.sort(Comparator.comparing(EngineeredEvent::getEventTime)));
    LtvTrainer.Settings small = LtvTrainer.Settings.defaults().toBuilder().seed(3).units(8).denseUnits(4)
        .maxEpochs(1).patience(1).horizonDays(WINDOW).maxTrainingUsers(150).build();
    new LtvTrainer(small, null).train(List.copyOf(byUser.values()), LocalDate.ofEpochDay(shiftDay - 1)).save(championFile);
    String champion = ModelBundle.load(championFile).version();

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String bootstrap = kafka.bootstrapServers();
      Topics.createServiceTopics(kafka);
      Topics.publishModel(bootstrap, championFile);
      Map<String, String> config = ScorerProcess.config(bootstrap, "ltv-it-drift", dir.resolve("state"), championFile);
      config.put("scorer.topic.models", "ltv-models");
      config.put("scorer.http.tokens", "reader:it-reader-token, metrics:" + METRICS_TOKEN);
      config.put("scorer.monitoring.window", "P" + WINDOW + "D");
      // the small champion is within 36 % before the shift and 60 % or more over after it: alert
      // beyond 50 % (the first windows' handful of users are below the default drift.min.users)
      config.put("scorer.monitoring.drift.threshold", "0.5");
      try (ScorerService scorer = ScorerProcess.startInProcess(config)) {
        // 1-2. the year and the first three windows after the shift, backfilled and scored
        assertThat(CliRun.of("backfill", "--input", history.toString(), "--format", "events", "--bootstrap-servers",
            bootstrap).exit()).isZero();
        Topics.readCommitted(bootstrap, Duration.ofMinutes(5), Duration.ZERO,
            read -> read.size() >= backfilled.size(), "ltv-scores");
        // 3-4. the windows closed so far: the champion's error before and after the shift
        List<JsonNode> beforeSwap = closedWindows(scorer, w -> !Instant.parse(w.get("window_start").asText())
            .isBefore(shift.plus(Duration.ofDays(WINDOW))));
        print("backfilled", beforeSwap);
        CliRun monitor = CliRun.of("monitor", "--bootstrap-servers", bootstrap, "--step-days", "" + WINDOW,
            "--report", dir.resolve("monitor.html").toString(), "--json", dir.resolve("monitor.json").toString());
        assertThat(monitor.exit()).as(monitor.err()).isZero();
        System.out.println("./ltv monitor:\n" + monitor.out());

        // 5. the retrain: history from ltv-events, champion from ltv-models, the latest 28 days
        Path retrainJson = dir.resolve("retrain.json");
        CliRun retrain = CliRun.of("retrain", "--bootstrap-servers", bootstrap, "--publish", "--json", retrainJson.toString(),
            "--window-days", "" + WINDOW, "--max-epochs", "2", "--units", "16");
        System.out.println("./ltv retrain:\n" + retrain.out() + retrain.err().lines().filter(l -> l.startsWith("retrain"))
            .reduce("", (a, b) -> a + b + "\n"));
        assertThat(retrain.exit()).as("the challenger wins and is published: " + retrain.out()).isZero();
        String challenger = new ObjectMapper().readTree(retrainJson.toFile()).at("/decision/challenger_version").asText();

        // 6. the scorer hot-swaps to it
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!get(scorer, "/metrics").contains("ltv_model_info{version=\"" + challenger + "\"} 1")) {
          assertThat(System.nanoTime()).as("the scorer swapped to " + challenger).isLessThan(deadline);
          Thread.sleep(200);
        }

        // 7. live traffic: two more windows, predicted by the challenger
        AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
        try (KafkaProducer<byte[], byte[]> producer = Topics.producer(bootstrap)) {
          for (EngineeredEvent event : live) {
            producer.send(new ProducerRecord<>("ltv-events", null, event.getEventTime().toEpochMilli(),
                event.getUserId().getBytes(StandardCharsets.UTF_8), codec.encode(event)));
          }
        }
        Topics.readCommitted(bootstrap, Duration.ofMinutes(5), Duration.ZERO,
            read -> read.size() >= backfilled.size() + live.size(), "ltv-scores");
        deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        List<JsonNode> windows = closedWindows(scorer, w -> w.get("model_version").asText().equals(challenger));
        while (windows.stream().filter(w -> w.get("model_version").asText().equals(challenger)).count() < 2) {
          assertThat(System.nanoTime()).as("two closed windows of the challenger").isLessThan(deadline);
          Thread.sleep(500);
          windows = closedWindows(scorer, w -> true);
        }
        print("after the swap", windows);

        List<Double> pre = errors(windows, champion, w -> w.isBefore(shift) && !w.isBefore(shift.minus(Duration.ofDays(4 * WINDOW))));
        List<Double> post = errors(windows, champion, w -> !w.isBefore(shift));
        List<Double> retrained = errors(windows, challenger, w -> true);
        assertThat(post).as("the champion's three windows after the shift").hasSize(3);
        assertThat(mean(post)).as("the error grows after the shift: before %s, after %s", pre, post)
            .isGreaterThan(mean(pre) + 0.1);
        assertThat(windows).filteredOn(w -> Instant.parse(w.get("window_start").asText()).isBefore(shift))
            .as("no drift alert before the shift").noneMatch(w -> w.get("drift").asBoolean());
        assertThat(windows).filteredOn(w -> w.get("model_version").asText().equals(champion)
                && !Instant.parse(w.get("window_start").asText()).isBefore(shift))
            .as("every window after it alerts").allMatch(w -> w.get("drift").asBoolean());
        assertThat(get(scorer, "/metrics")).doesNotContain("ltv_monitoring_drift_alerts_total 0\n");
        assertThat(mean(briers(windows, challenger))).as("p_active of the retrained model")
            .isLessThan(mean(briers(windows, champion)) - 0.1);
        assertThat(mean(retrained)).as("the retrained model's windows %s against the champion's after the shift %s",
            retrained, post).isLessThan(mean(post) - 0.1);
      }
    }
  }

  private static Instant epochDay(long day) {
    return LocalDate.ofEpochDay(day).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private Path prepared(SyntheticShop shop, String name, java.util.function.Predicate<Instant> keep) throws Exception {
    Path raw = dir.resolve(name + ".jsonl");
    try (Writer writer = Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
      for (ShopRecord record : (Iterable<ShopRecord>) shop.stream()::iterator) {
        if (record.kind() == RecordKind.CLEAN && keep.test(record.event().getEventTime())) {
          writer.write(record.line());
          writer.write('\n');
        }
      }
    }
    Path events = dir.resolve(name + ".avro");
    PreparePipeline.of(SyntheticShop.mappingSettings()).run(raw, events, null, ProgressListener.NONE);
    return events;
  }

  /** |aggregate error| of {@code version}'s closed windows whose start passes {@code start}. */
  private static List<Double> errors(List<JsonNode> windows, String version, java.util.function.Predicate<Instant> start) {
    List<Double> errors = new ArrayList<>();
    for (JsonNode w : windows) {
      if (w.get("model_version").asText().equals(version) && start.test(Instant.parse(w.get("window_start").asText()))) {
        errors.add(Math.abs(w.get("aggregate_error").asDouble()));
      }
    }
    return errors;
  }

  private static List<Double> briers(List<JsonNode> windows, String version) {
    return windows.stream().filter(w -> w.get("model_version").asText().equals(version))
        .map(w -> w.get("brier").asDouble()).toList();
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  private static List<JsonNode> closedWindows(ScorerService scorer, java.util.function.Predicate<JsonNode> until)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      List<JsonNode> windows = new ArrayList<>();
      new ObjectMapper().readTree(get(scorer, "/v1/monitoring")).forEach(windows::add);
      if (windows.stream().anyMatch(until) || System.nanoTime() > deadline) {
        return windows;
      }
      Thread.sleep(500);
    }
  }

  private static void print(String when, List<JsonNode> windows) {
    System.out.println("GET /v1/monitoring, " + when + ":");
    for (JsonNode w : windows) {
      System.out.println(String.format(Locale.ROOT, "  %s .. %s  %-24s users %5d  predicted %10.2f  realised %10.2f"
          + "  error %+7.3f  brier %.3f  gini %.3f", w.get("window_start").asText().substring(0, 10),
          w.get("window_end").asText().substring(0, 10), w.get("model_version").asText(), w.get("users").asInt(),
          w.get("predicted_value").asDouble(), w.get("realised_value").asDouble(), w.get("aggregate_error").asDouble(),
          w.get("brier").asDouble(), w.get("spend_gini").asDouble()));
    }
  }

  private static String get(ScorerService scorer, String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + scorer.httpPort() + path))
          .header("Authorization", "Bearer " + METRICS_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
      return response.body();
    }
  }
}
