package io.ltvstream.it.containers;

import static io.ltvstream.it.containers.ScorerStack.PATIENCE;
import static io.ltvstream.it.containers.ScorerStack.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.it.ShopEvents;
import io.ltvstream.testkit.TinyModel;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Two scorer containers share the partitions of ltv-events. Either answers
 * {@code GET /v1/users/{id}/ltv} for any user (the owner found through application.server). One is
 * killed: the other takes over its partitions, scores what follows exactly once, and answers for
 * every user.
 */
@Testcontainers(disabledWithoutDocker = true)
class ScorerFailoverTest {
  private static final int USERS = 24;
  private static final int EVENTS = 900;
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final ScorerStack stack = new ScorerStack();

  @Test
  void eitherInstanceAnswersForEveryUserAndTheSurvivorTakesOver() throws Exception {
    ContainerizedKafka kafka = stack.kafka();
    List<EngineeredEvent> events = ShopEvents.of(USERS, EVENTS, 31);
    Set<String> eventIds = events.stream().map(e -> e.getEventId().toString()).collect(Collectors.toSet());
    try (KafkaProducer<String, byte[]> producer = kafka.producer();
         CommittedTopic scores = new CommittedTopic(kafka, ContainerizedKafka.SCORES);
         ScorerContainer a = scorer("scorer-a");
         ScorerContainer b = scorer("scorer-b")) {
      a.start();
      b.start();
      Scores.produce(producer, events.subList(0, 2 * EVENTS / 3));
      scores.awaitCount(2 * EVENTS / 3, PATIENCE);
      Map<String, LtvScore> latest = Scores.latestByUser(
          Scores.decode(kafka.readCommitted(ContainerizedKafka.SCORES, 2 * EVENTS / 3, PATIENCE)));
      assertThat(latest).hasSize(USERS);
      for (LtvScore score : latest.values()) {
        assertAnswers(a, score);
        assertAnswers(b, score);
      }
      long usersOnA = usersInStore(a);
      long usersOnB = usersInStore(b);
      assertThat(List.of(usersOnA, usersOnB)).as("both instances own users (RocksDB's estimates), so each"
          + " answered for users it does not own").allSatisfy(users -> assertThat(users).isPositive());

      a.kill();
      Instant killedAt = Instant.now();
      Scores.produce(producer, events.subList(2 * EVENTS / 3, EVENTS));
      scores.awaitCount(EVENTS, PATIENCE);
      List<LtvScore> all = Scores.decode(kafka.readCommitted(ContainerizedKafka.SCORES, EVENTS, PATIENCE));
      System.out.printf("failover: %d users (about %d on %s, %d on %s) answered by both instances; after killing %s, first score"
              + " %.1f s later, all %d scores %.1f s later; lost %d, duplicated %d%n",
          USERS, usersOnA, a.alias(), usersOnB, b.alias(), a.alias(), seconds(killedAt, scores.firstSeenAfter(killedAt).orElseThrow()), EVENTS,
          seconds(killedAt, scores.seenAt(EVENTS)),
          Scores.lost(eventIds, all).size(), all.size() - Scores.countsByEvent(all).size());

      assertThat(Scores.lost(eventIds, all)).as("events without a score").isEmpty();
      assertThat(Scores.duplicated(all)).as("events scored more than once").isEmpty();
      assertThat(all).hasSize(EVENTS);
      assertThat(all).extracting(LtvScore::getModelVersion).containsOnly(TinyModel.version());
      for (LtvScore score : Scores.latestByUser(all).values()) {
        assertAnswers(b, score);
      }
    }
  }

  /** The instance answers for the user with the state that made {@code score}, owner or not. */
  static void assertAnswers(ScorerContainer instance, LtvScore score) throws Exception {
    String path = "/v1/users/" + score.getUserId() + "/ltv?at=" + score.getEventTime().toEpochMilli();
    HttpResponse<String> answer = instance.get(path);
    assertThat(answer.statusCode()).as("%s answering %s: %s", instance.alias(), path, answer.body()).isEqualTo(200);
    JsonNode json = JSON.readTree(answer.body());
    assertThat(json.get("user_id").asText()).isEqualTo(score.getUserId());
    assertThat(json.get("model_version").asText()).isEqualTo(score.getModelVersion());
    assertThat(json.get("frequency").asInt()).isEqualTo(score.getFrequency());
    assertThat(json.get("expected_value").asDouble()).isEqualTo(score.getExpectedValue());
  }

  /** The user-state store's entry count, from the instance's Prometheus metrics. */
  static long usersInStore(ScorerContainer instance) throws Exception {
    HttpResponse<String> metrics = instance.get("/metrics", ScorerContainer.METRICS_TOKEN);
    assertThat(metrics.statusCode()).isEqualTo(200);
    Matcher entries = Pattern.compile("ltv_state_store_entries\\{store=\"user-state\"} (\\d+)").matcher(metrics.body());
    assertThat(entries.find()).as("user-state entries in %s's metrics", instance.alias()).isTrue();
    return Long.parseLong(entries.group(1));
  }

  private static ScorerContainer scorer(String alias) {
    // one warm standby per store, as in the sample scorer.properties
    return stack.scorer(alias, "ltv-failover").with("LTV_NUM_STANDBY_REPLICAS", "1");
  }
}
