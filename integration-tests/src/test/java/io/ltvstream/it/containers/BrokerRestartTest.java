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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The broker container restarts while the scorer container runs: the scorer reconnects by itself
 * (it is neither restarted nor told), and every event is scored exactly once.
 */
@Testcontainers(disabledWithoutDocker = true)
class BrokerRestartTest {
  private static final int EVENTS = 1_000;
  @RegisterExtension static final ScorerStack stack = new ScorerStack();

  @Test
  void scorerRecoversByItselfFromABrokerRestartWithoutLoss() throws Exception {
    ContainerizedKafka kafka = stack.kafka();
    List<EngineeredEvent> events = ShopEvents.of(30, EVENTS, 23);
    Set<String> eventIds = events.stream().map(e -> e.getEventId().toString()).collect(Collectors.toSet());
    List<LtvScore> scored;
    try (CommittedTopic scores = new CommittedTopic(kafka, ContainerizedKafka.SCORES);
         ScorerContainer scorer = stack.scorer("scorer-a", "ltv-restart")) {
      scorer.start();
      try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
        Scores.produce(producer, events.subList(0, EVENTS / 2));
      }
      scores.awaitCount(EVENTS / 4, PATIENCE); // restart while the first half is still being scored

      Instant stopping = Instant.now();
      kafka.restartBroker();
      Instant restarted = Instant.now();
      try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
        Scores.produce(producer, events.subList(EVENTS / 2, EVENTS));
      }
      scores.awaitCount(EVENTS, PATIENCE);
      scored = Scores.decode(kafka.readCommitted(ContainerizedKafka.SCORES, EVENTS, PATIENCE));
      System.out.printf("broker restart: broker container stopped (clean shutdown) and started again in %.1f s; first score after the restart"
              + " %.1f s after the broker was back; all %d scores %.1f s after it; scorer container restarts: %d%n",
          seconds(stopping, restarted), seconds(restarted, scores.firstSeenAfter(restarted).orElseThrow()),
          EVENTS, seconds(restarted, scores.seenAt(EVENTS)),
          scorer.getDockerClient().inspectContainerCmd(scorer.getContainerId()).exec().getRestartCount());
      assertThat(scorer.isRunning()).as("the same scorer container is still running").isTrue();
      assertThat(scorer.get("/health").statusCode()).as("and healthy (Kafka Streams RUNNING)").isEqualTo(200);
    }

    assertThat(Scores.lost(eventIds, scored)).as("events without a score").isEmpty();
    assertThat(Scores.duplicated(scored)).as("events scored more than once").isEmpty();
    assertThat(scored).hasSize(EVENTS);
    assertThat(scored).extracting(LtvScore::getModelVersion).containsOnly(TinyModel.version());
  }
}
