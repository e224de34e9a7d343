package io.ltvstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.testkit.TinyModel;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer killed without a clean shutdown: {@code ltv run} in its own JVM gets SIGKILL while a
 * transaction is open, then a new JVM takes over the same application and state directory. Under
 * exactly_once_v2 a read_committed consumer sees every event scored exactly once, each score equal
 * to an uninterrupted run's, and every user's final state (the user-state changelog) is the same
 * as that run's, byte for byte.
 */
class ScorerCrashTest {
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static Path bundleFile;
  private static ModelBundle bundle;

  @BeforeAll
  static void startBroker() throws IOException {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(2, "ltv-events", "ltv-scores", "ltv-scores-reference");
    kafka.createTopics(1, "ltv-dlq", "ltv-dlq-reference");
    bundle = TinyModel.bundle();
    bundleFile = dir.resolve("model.zip");
    bundle.save(bundleFile);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aScorerKilledMidTransactionLosesAndDuplicatesNothingAndEndsInTheSameState() throws Exception {
    List<EngineeredEvent> events = ShopEvents.of(300, 2_500, 99); // up to mid-2026: event times must not lie ahead of the broker's clock
    publish(events);
    int total = events.size();

    // the uninterrupted run, in this JVM, to its own output topics
    Map<String, String> reference = ScorerProcess.config(kafka.bootstrapServers(), "ltv-it-reference",
        dir.resolve("state-reference"), bundleFile);
    reference.put("scorer.topic.scores", "ltv-scores-reference");
    reference.put("scorer.topic.dlq", "ltv-dlq-reference");
    List<ConsumerRecord<byte[], byte[]>> referenceScores;
    try (ScorerService scorer = ScorerProcess.startInProcess(reference)) {
      referenceScores = Topics.readCommitted(kafka.bootstrapServers(), PATIENCE, Duration.ofSeconds(1),
          read -> read.size() >= total, "ltv-scores-reference");
    }

    // the crashing run: ltv run in a child JVM, long transactions so that one is open when it dies
    Map<String, String> crashing = ScorerProcess.config(kafka.bootstrapServers(), "ltv-it-crash",
        dir.resolve("state-crash"), bundleFile);
    crashing.put("commit.interval.ms", "1000");
    Path config = dir.resolve("crash.properties");
    writeProperties(config, crashing);

    Process first = startLtvRun(config, dir.resolve("first-run.log"));
    long[] atKill = killWhenATransactionIsOpen(first, total);
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    assertThat(atKill[0]).as("committed scores when killed").isLessThan(total);
    assertThat(atKill[1]).as("scores written, committed or not, when killed").isGreaterThan(atKill[0]);

    Process second = startLtvRun(config, dir.resolve("second-run.log"));
    List<ConsumerRecord<byte[], byte[]>> crashScores;
    try {
      crashScores = Topics.readCommitted(kafka.bootstrapServers(), PATIENCE, Duration.ofSeconds(3),
          read -> read.size() >= total, "ltv-scores");
    } finally {
      second.destroy(); // SIGTERM: the clean shutdown, for contrast
      second.waitFor(60, TimeUnit.SECONDS);
    }

    Map<String, LtvScore> expected = byEventId(referenceScores);
    Map<String, LtvScore> actual = byEventId(crashScores);
    assertThat(crashScores).as("no score lost or duplicated").hasSize(total);
    assertThat(actual.keySet()).isEqualTo(expected.keySet())
        .isEqualTo(new HashSet<>(events.stream().map(EngineeredEvent::getEventId).toList()));
    assertThat(actual).as("each score equals the uninterrupted run's (scored_at aside)").isEqualTo(expected);
    assertThat(actual.values()).allSatisfy(s -> assertThat(s.getModelVersion()).isEqualTo(bundle.version()));

    Map<String, String> crashState = finalState("ltv-it-crash-user-state-changelog");
    Map<String, String> referenceState = finalState("ltv-it-reference-user-state-changelog");
    assertThat(crashState).hasSize((int) events.stream().map(EngineeredEvent::getUserId).distinct().count());
    assertThat(crashState).as("every user's final state equals the uninterrupted run's").isEqualTo(referenceState);
  }

  private static void publish(List<EngineeredEvent> events) {
    AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
    try (KafkaProducer<byte[], byte[]> producer = Topics.producer(kafka.bootstrapServers())) {
      for (EngineeredEvent event : events) {
        producer.send(new ProducerRecord<>("ltv-events", event.getUserId().getBytes(StandardCharsets.UTF_8),
            codec.encode(event)));
      }
      producer.flush();
    }
  }

  /** {@code ltv run --config} in a new JVM on this test's class path. */
  private static Process startLtvRun(Path config, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path")));
    String javacpp = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (javacpp != null) {
      command.add("-Dorg.bytedeco.javacpp.cachedir=" + javacpp);
    }
    command.addAll(List.of("io.ltvstream.scorer.ScorerMain", "--config", config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("OMP_NUM_THREADS", "1");
    return builder.start();
  }

  /**
   * Watches ltv-scores with both isolation levels and SIGKILLs the process when scores are written
   * that are not committed yet (an open transaction) and the run is not finished.
   *
   * @return {committed, uncommitted} scores seen when the process was killed
   */
  private static long[] killWhenATransactionIsOpen(Process process, int total) throws Exception {
    try (KafkaConsumer<byte[], byte[]> committed = Topics.consumer(kafka.bootstrapServers(), "read_committed", "ltv-scores");
         KafkaConsumer<byte[], byte[]> uncommitted = Topics.consumer(kafka.bootstrapServers(), "read_uncommitted", "ltv-scores")) {
      long committedCount = 0;
      long uncommittedCount = 0;
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new AssertionError("ltv run exited by itself with " + process.exitValue() + " before it could be killed");
        }
        committedCount += committed.poll(Duration.ofMillis(20)).count();
        uncommittedCount += uncommitted.poll(Duration.ofMillis(20)).count();
        if (uncommittedCount >= total / 4 && uncommittedCount > committedCount + 20 && committedCount < total) {
          process.destroyForcibly(); // SIGKILL: no shutdown hook, no commit, no state flush
          return new long[] {committedCount, uncommittedCount};
        }
      }
      throw new AssertionError("never saw an open transaction: " + committedCount + " committed, "
          + uncommittedCount + " written of " + total);
    }
  }

  /** Scores by event id, with scored_at (wall clock) cleared: the rest must be deterministic. */
  private static Map<String, LtvScore> byEventId(List<ConsumerRecord<byte[], byte[]>> records) {
    AvroMessageCodec<LtvScore> codec = AvroMessageCodec.of(LtvScore.class);
    Map<String, LtvScore> scores = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      LtvScore score = codec.decode(record.value());
      score.setScoredAt(Instant.EPOCH);
      scores.put(score.getEventId(), score);
    }
    return scores;
  }

  /** The last committed value per key of a changelog topic, as text for readable diffs. */
  private static Map<String, String> finalState(String changelog) {
    Map<String, String> state = new HashMap<>();
    Set<String> seenTopics = new HashSet<>();
    try (KafkaConsumer<byte[], byte[]> consumer = Topics.consumer(kafka.bootstrapServers(), "read_committed", changelog)) {
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          quietSince = System.nanoTime();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          seenTopics.add(record.topic());
          state.put(new String(record.key(), StandardCharsets.UTF_8),
              record.value() == null ? null : Arrays.toString(record.value()));
        }
      }
    }
    assertThat(seenTopics).as("changelog " + changelog).containsExactly(changelog);
    return state;
  }

  private static void writeProperties(Path file, Map<String, String> properties) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> entry : properties.entrySet()) {
        out.write(entry.getKey() + "=" + entry.getValue().replace("\\", "\\\\") + "\n");
      }
    }
  }
}
