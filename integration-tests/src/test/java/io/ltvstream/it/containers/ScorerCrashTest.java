package io.ltvstream.it.containers;

import static io.ltvstream.it.containers.ScorerStack.PATIENCE;
import static io.ltvstream.it.containers.ScorerStack.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.it.ShopEvents;
import io.ltvstream.testkit.TinyModel;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The scorer container is killed with SIGKILL mid-stream and a new one takes its place under the
 * same application id. Under exactly_once_v2 no score is lost or duplicated (read_committed), and
 * every score, the users' final ones included, equals that of a run without the crash.
 */
@Testcontainers(disabledWithoutDocker = true)
class ScorerCrashTest {
  private static final int USERS = 40;
  private static final int EVENTS = 1_600;
  @RegisterExtension static final ScorerStack stack = new ScorerStack();

  @BeforeAll
  static void createReferenceTopics() throws Exception {
    stack.kafka().createTopics(4, "ltv-scores-reference", "ltv-dlq-reference");
  }

  @Test
  void killedScorerLosesAndDuplicatesNothingAndEndsLikeACrashFreeRun() throws Exception {
    ContainerizedKafka kafka = stack.kafka();
    List<EngineeredEvent> events = ShopEvents.of(USERS, EVENTS, 11);
    Set<String> eventIds = events.stream().map(e -> e.getEventId().toString()).collect(Collectors.toSet());
    List<LtvScore> crashed;
    Instant killedAt;
    Instant replacementStartedAt;
    try (KafkaProducer<String, byte[]> producer = kafka.producer();
         CommittedTopic scores = new CommittedTopic(kafka, ContainerizedKafka.SCORES);
         ScorerContainer first = stack.scorer("scorer-a", "ltv-crash");
         ScorerContainer replacement = stack.scorer("scorer-b", "ltv-crash")) {
      first.start();
      Scores.produce(producer, events.subList(0, EVENTS / 2));
      scores.awaitCount(EVENTS / 4, PATIENCE);
      first.kill();
      killedAt = Instant.now();
      int beforeKill = scores.count();
      Scores.produce(producer, events.subList(EVENTS / 2, EVENTS));

      replacement.start();
      replacementStartedAt = Instant.now();
      scores.awaitCount(EVENTS, PATIENCE);
      crashed = Scores.decode(kafka.readCommitted(ContainerizedKafka.SCORES, EVENTS, PATIENCE));
      Instant firstAfter = scores.firstSeenAfter(killedAt).orElseThrow();
      System.out.printf("crash: %d of %d scores visible at the kill; replacement healthy %.1f s after the"
              + " kill; first new committed score %.1f s after the kill; all %d scores %.1f s after the kill;"
              + " lost %d, duplicated %d%n",
          beforeKill, EVENTS, seconds(killedAt, replacementStartedAt), seconds(killedAt, firstAfter),
          EVENTS, seconds(killedAt, scores.seenAt(EVENTS)),
          Scores.lost(eventIds, crashed).size(), crashed.size() - Scores.countsByEvent(crashed).size());
    }

    List<LtvScore> reference;
    try (CommittedTopic referenceScores = new CommittedTopic(kafka, "ltv-scores-reference");
         ScorerContainer uninterrupted = stack.scorer("scorer-reference", "ltv-reference")
             .with("LTV_SCORER_TOPIC_SCORES", "ltv-scores-reference")
             .with("LTV_SCORER_TOPIC_DLQ", "ltv-dlq-reference")) {
      uninterrupted.start();
      referenceScores.awaitCount(EVENTS, PATIENCE);
      reference = Scores.decode(kafka.readCommitted("ltv-scores-reference", EVENTS, PATIENCE));
    }

    assertThat(Scores.lost(eventIds, crashed)).as("events without a score").isEmpty();
    assertThat(Scores.duplicated(crashed)).as("events scored more than once").isEmpty();
    assertThat(crashed).hasSize(EVENTS);
    assertThat(crashed).extracting(LtvScore::getModelVersion).containsOnly(TinyModel.version());
    assertThat(kafka.readCommitted(ContainerizedKafka.DLQ, 0, PATIENCE)).as("dead letters").isEmpty();
    List<LtvScore> crashedStable = Scores.withoutWallClock(crashed);
    List<LtvScore> referenceStable = Scores.withoutWallClock(reference);
    assertThat(Scores.byEvent(crashedStable)).as("every score equals the crash-free run's")
        .isEqualTo(Scores.byEvent(referenceStable));
    assertThat(Scores.latestByUser(crashedStable)).as("each user's final score equals the crash-free run's")
        .hasSize(USERS).isEqualTo(Scores.latestByUser(referenceStable));
  }

}
