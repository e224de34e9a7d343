package io.ltvstream.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.ProgressLine;
import io.ltvstream.core.prepare.PreparePipeline;
import io.ltvstream.core.prepare.PrepareSummary;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopTally;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.scorer.service.ScorerConfig;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.scorer.service.ScorerSettings;
import io.ltvstream.train.LtvTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The whole product in one process: a real Kafka broker, a synthetic shop's raw records through
 * the NiFi flow's cleaning, dedupe and feature logic onto ltv-events, a model trained on the shop's
 * first months, the real scorer service (Kafka Streams, exactly_once_v2, its HTTP API), and a
 * read_committed consumer of ltv-scores and ltv-dlq. Everything it starts, it stops and deletes.
 */
public final class DemoRun {
  static final String EVENTS = "ltv-events";
  static final String SCORES = "ltv-scores";
  static final String DLQ = "ltv-dlq";
  private static final int PARTITIONS = 4;
  private static final Duration SCORING_TIMEOUT = Duration.ofMinutes(10);
  static final int TRAINING_USERS = 800;
  static final int HTTP_QUERIES = 5_000;

  private final DemoOptions options;
  private final PrintStream out;
  private final ProgressLine progress;

  public DemoRun(DemoOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
    this.progress = new ProgressLine(new PrintWriter(out, true), ProgressLine.isTerminal(1));
  }

  /** The demo's outcome: the JSON summary, the latest score per user and what the shop produced. */
  public record Outcome(DemoSummary summary, Map<String, LtvScore> latest, ShopTally shop,
                        Map<String, Long> rejectReasons, ModelBundle model, HttpView http) {}

  public Outcome run() throws Exception {
    // Kafka Streams warns about state in the OS temp directory, so the demo works under ~/.cache
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "ltv-stream");
    Files.createDirectories(cache);
    Path work = Files.createTempDirectory(cache, "demo-");
    try {
      return run(work);
    } finally {
      deleteRecursively(work);
    }
  }

  private Outcome run(Path work) throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate start = today.minusDays(options.days());
    int trainingDays = (int) Math.round(options.days() * options.trainingShare());
    LocalDate calibrationEnd = start.plusDays(trainingDays - 1);

    progress.done("starting an embedded Kafka broker (KRaft, in this JVM)...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(PARTITIONS, EVENTS, SCORES, DLQ);
      progress.done("broker ready at " + kafka.bootstrapServers() + "; topics " + EVENTS + ", " + SCORES + ", " + DLQ);

      // 1. the shop's raw records, as a source system would deliver them
      Path raw = work.resolve("shop.jsonl");
      SyntheticShop shop = new SyntheticShop(ShopConfig.defaults().withSeed(options.seed())
          .withUsers(options.users()).withDays(options.days()).withStart(start));
      ShopTally tally;
      try (Writer writer = Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
        tally = shop.writeJsonLines(writer);
      }
      progress.done(String.format("synthetic shop: %,d users over %d days (%s .. %s): %,d raw records"
              + " (%,d duplicates, %,d dirty)", options.users(), options.days(), start, today.minusDays(1),
          tally.raw(), tally.duplicates(), tally.dirty()));

      // 2. the NiFi flow's logic: clean, dedupe, engineer
      List<EngineeredEvent> events = new ArrayList<>();
      PrepareSummary counts = PreparePipeline.of(SyntheticShop.mappingSettings()).process(raw, events::add, null,
          (bytes, totalBytes, records) -> progress.update(String.format("cleaning: %,d / %,d records",
              records, tally.raw())));
      progress.done(String.format("clean + dedupe + features: %,d valid, %,d invalid %s, %,d duplicates",
          counts.valid(), counts.invalid(), counts.reasons(), counts.duplicates()));

      // 3. a small model trained on the first months
      ModelBundle model = train(events, calibrationEnd, trainingDays);
      Path bundle = work.resolve("model.zip");
      model.save(bundle);
      progress.done(String.format("model %s trained on %s .. %s (horizon %d days)", model.version(), start,
          calibrationEnd, model.metadata().horizonDays()));

      // 4. the scorer service, then the events
      String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
      Map<String, String> config = new LinkedHashMap<>();
      config.put("bootstrap.servers", kafka.bootstrapServers());
      config.put("application.id", "ltv-demo");
      config.put("state.dir", work.resolve("state").toString());
      config.put("num.stream.threads", "1");
      config.put("replication.factor", "1");
      config.put("processing.exception.handler.global.enabled", "true");
      config.put("scorer.model.path", bundle.toString());
      config.put("scorer.http.host", "127.0.0.1");
      config.put("scorer.http.port", "0");
      config.put("scorer.http.tokens", "reader:" + token);
      long published;
      long scorerDuplicates;
      ScoreReader reader = new ScoreReader(kafka.bootstrapServers(), SCORES, DLQ);
      HttpView http;
      try (ScorerService scorer = ScorerService.start(new ScorerSettings(ScorerConfig.of(config)))) {
        awaitRunning(scorer);
        progress.done("scorer running (Kafka Streams, exactly_once_v2); HTTP on 127.0.0.1:" + scorer.httpPort());
        published = publish(kafka, events, reader);
        awaitScores(reader, published, scorer);
        scorerDuplicates = scorer.metrics().duplicates();
        progress.done(String.format("scored: %,d events published, %,d scores and %,d dead letters read"
            + " back with read_committed, %,d duplicates", published, reader.scores(), reader.deadLetters(),
            scorerDuplicates));
        http = askOverHttp(scorer.httpPort(), token, reader.latestByUser());
      } finally {
        reader.close();
      }
      progress.done("scorer stopped; stopping the broker and deleting its data");

      DemoSummary summary = new DemoSummary(counts.records(), counts.valid(), counts.invalid(), counts.duplicates(),
          published, reader.scores(), reader.deadLetters(), scorerDuplicates, reader.latestByUser().size(),
          Math.round(progress.elapsedSeconds() * 10) / 10.0);
      return new Outcome(summary, reader.latestByUser(), tally, counts.reasons(), model, http);
    }
  }

  /**
   * A deliberately small training run (seconds on 2 cores, even shared): at most
   * {@link #TRAINING_USERS} users, a cutoff every two weeks, a few epochs at a high learning rate. Good enough to rank
   * users; the real training budget belongs to {@code ./ltv train}.
   */
  private ModelBundle train(List<EngineeredEvent> events, LocalDate calibrationEnd, int trainingDays) {
    Instant cutoff = calibrationEnd.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, List<EngineeredEvent>> byUser = new TreeMap<>();
    for (EngineeredEvent event : events) {
      if (event.getEventTime().isBefore(cutoff)) {
        byUser.computeIfAbsent(event.getUserId(), u -> new ArrayList<>()).add(event);
      }
    }
    List<List<EngineeredEvent>> histories = byUser.values().stream().limit(TRAINING_USERS).toList();
    histories.forEach(h -> h.sort(Comparator.comparing(EngineeredEvent::getEventTime)));
    int validationDays = Math.max(14, trainingDays / 4);
    int horizonDays = Math.max(30, options.days() - trainingDays);
    LtvTrainer.Settings small = LtvTrainer.Settings.defaults().toBuilder().seed(options.seed())
        .units(16).denseUnits(8).maxEpochs(6).patience(2).batchSize(64).learningRate(1e-2)
        .validationDays(validationDays).cutoffStepDays(14).horizonDays(horizonDays)
        .maxTrainingUsers(TRAINING_USERS).build();
    progress.done(String.format("training a small LSTM (16 units, at most %d epochs) on %,d users' first %d days...",
        small.maxEpochs(), histories.size(), trainingDays));
    return new LtvTrainer(small, new PrintStream(new IndentedLines(out), true, StandardCharsets.UTF_8))
        .train(histories, calibrationEnd);
  }

  private long publish(EmbeddedKafka kafka, List<EngineeredEvent> events, ScoreReader reader) {
    AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
    long sent = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(),
        "acks", "all",
        "enable.idempotence", true,
        "linger.ms", 10,
        "key.serializer", StringSerializer.class,
        "value.serializer", ByteArraySerializer.class))) {
      for (EngineeredEvent event : events) {
        producer.send(new ProducerRecord<>(EVENTS, event.getUserId(), codec.encode(event)));
        sent++;
        if (sent % 2000 == 0) {
          reader.poll(Duration.ZERO);
          progress.update(String.format("streaming: %,d / %,d events published, %,d scored", sent,
              events.size(), reader.scores()));
        }
      }
      producer.flush();
    }
    return sent;
  }

  private void awaitScores(ScoreReader reader, long published, ScorerService scorer) {
    long deadline = System.nanoTime() + SCORING_TIMEOUT.toNanos();
    while (reader.scores() + reader.deadLetters() + scorer.metrics().duplicates() < published) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + reader.scores() + " scores and " + reader.deadLetters()
            + " dead letters for " + published + " events after " + SCORING_TIMEOUT.toMinutes() + " minutes");
      }
      reader.poll(Duration.ofMillis(200));
      progress.update(String.format("scoring: %,d / %,d scored, %,d dead letters", reader.scores(), published,
          reader.deadLetters()));
    }
  }

  private static void awaitRunning(ScorerService scorer) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (scorer.streams().state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || scorer.streams().state() == KafkaStreams.State.ERROR) {
        throw new IllegalStateException("the scorer did not start: Kafka Streams is " + scorer.streams().state());
      }
      Thread.sleep(100);
    }
  }

  /**
   * Asks the scorer's HTTP API (interactive queries) for users' value now: since their latest event
   * the value head has decayed it, as it does for every idle user. Asks every user up to
   * {@link #HTTP_QUERIES}, the most valuable at their latest event first.
   */
  private HttpView askOverHttp(int port, String token, Map<String, LtvScore> latest) throws Exception {
    List<LtvScore> candidates = latest.values().stream()
        .sorted(Comparator.comparingDouble(LtvScore::getExpectedValue).reversed()).limit(HTTP_QUERIES).toList();
    Map<String, Double> valueNow = new LinkedHashMap<>();
    Map<String, String> answers = new LinkedHashMap<>();
    ObjectMapper json = new ObjectMapper();
    try (HttpClient client = HttpClient.newHttpClient()) {
      for (LtvScore score : candidates) {
        String path = "/v1/users/" + score.getUserId() + "/ltv";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        answers.put(score.getUserId(), "GET " + path + " -> " + response.statusCode() + " " + response.body());
        if (response.statusCode() == 200) {
          valueNow.put(score.getUserId(), json.readTree(response.body()).get("expected_value").asDouble());
        }
        if (valueNow.size() % 200 == 0) {
          progress.update(String.format("asking the HTTP API: %,d / %,d users", valueNow.size(), candidates.size()));
        }
      }
    }
    progress.done(String.format("HTTP API: %,d users valued now (GET /v1/users/{id}/ltv)", valueNow.size()));
    return new HttpView(valueNow, answers);
  }

  /** What the HTTP API said: users' value now, and each answer verbatim (request, status, body). */
  public record HttpView(Map<String, Double> valueNow, Map<String, String> answers) {}

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("ltv demo: cannot delete " + root + ": " + e);
    }
  }
}
