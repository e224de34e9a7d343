package io.ltvstream.scorer.service;

import static io.ltvstream.scorer.service.BrokerClients.await;
import static io.ltvstream.scorer.service.BrokerClients.getSettled;
import static io.ltvstream.scorer.service.BrokerClients.ownerOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances started from config/scorer.properties as shipped (bound to 0.0.0.0, no advertised
 * address): each must advertise an address its peer can route to, and both must answer for every
 * user, before and after one of them stops.
 */
class FleetRoutingBrokerTest {
  private static final Path SAMPLE = Path.of("..", "config", "scorer.properties"); // surefire runs in the module
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** The sample config; only what points at this test's broker, disk and secrets is overridden. */
  private Map<String, String> environment(EmbeddedKafka broker, String instance) throws Exception {
    Path tokens = dir.resolve("http-tokens");
    Files.writeString(tokens, "reader:fleet-reader\n");
    Path models = Files.createDirectories(dir.resolve("models"));
    Map<String, String> env = new HashMap<>();
    env.put("LTV_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("LTV_REPLICATION_FACTOR", "1"); // one broker
    env.put("LTV_STATE_DIR", dir.resolve("state-" + instance).toString());
    env.put("LTV_SCORER_MODEL_PATH", models.resolve("current.zip").toString());
    env.put("LTV_SCORER_MODEL_WATCH_DIR", models.toString());
    env.put("LTV_SCORER_HTTP_TOKENS_FILE", tokens.toString());
    env.put("LTV_SCORER_HTTP_PORT", "0"); // two instances on one machine
    return env;
  }

  @Test
  void twoInstancesFromTheSampleConfigAnswerForEveryUserBeforeAndAfterOneStops() throws Exception {
    try (EmbeddedKafka broker = EmbeddedKafka.start()) {
      broker.createTopics(4, "ltv-events", "ltv-scores", "ltv-dlq");
      Files.createDirectories(dir.resolve("models"));
      TinyModel.bundle().save(dir.resolve("models").resolve("current.zip"));
      ScorerService one = ScorerService.start(new ScorerSettings(ScorerConfig.load(SAMPLE, environment(broker, "one"))));
      ScorerService two = ScorerService.start(new ScorerSettings(ScorerConfig.load(SAMPLE, environment(broker, "two"))));
      try {
        await("both instances RUNNING with active tasks", () -> running(one) && running(two));
        List<String> users = new ArrayList<>();
        List<EngineeredEvent> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          users.add("fleet-" + i);
          events.add(Events.purchase("fleet-" + i, "f" + i, T0, 5));
          events.add(Events.purchase("fleet-" + i, "g" + i, T0.plus(Duration.ofDays(2)), 10 + i));
        }
        BrokerClients.produce(broker, "ltv-events", events);

        List<String> owners = users.stream().map(u -> ownerOf(one.streams(), u)).distinct().toList();
        assertThat(owners).as("users spread over both instances").hasSize(2);
        for (String owner : owners) {
          String host = owner.substring(0, owner.lastIndexOf(':'));
          assertThat(InetAddress.getByName(host.replaceAll("[\\[\\]]", "")).isLoopbackAddress())
              .as("advertised " + owner + " must not be a loopback address").isFalse();
        }
        String at = "?at=" + T0.plus(Duration.ofDays(3)).toEpochMilli();
        for (String user : users) {
          JsonNode fromOne = answer(one, user, at);
          JsonNode fromTwo = answer(two, user, at);
          assertThat(fromOne.get("monetary_mean").asDouble()).isEqualTo(10.0 + users.indexOf(user));
          assertThat(fromTwo.get("expected_value").asDouble()).isEqualTo(fromOne.get("expected_value").asDouble());
        }

        two.close();
        for (String user : users) {
          assertThat(answer(one, user, at).get("monetary_mean").asDouble()).isEqualTo(10.0 + users.indexOf(user));
        }
      } finally {
        two.close();
        one.close();
      }
    }
  }

  private static boolean running(ScorerService instance) {
    return instance.streams().state() == KafkaStreams.State.RUNNING
        && instance.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
  }

  /** The user's score through {@code instance}, once their events are scored and ownership settled. */
  private static JsonNode answer(ScorerService instance, String user, String at) throws Exception {
    String path = "/v1/users/" + user + "/ltv" + at;
    long deadline = System.nanoTime() + BrokerClients.PATIENCE.toNanos();
    while (true) {
      HttpResponse<String> response = getSettled(instance.httpPort(), path, "fleet-reader");
      JsonNode json = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
      if (json != null && json.get("frequency").asInt() == 1 || System.nanoTime() > deadline) {
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(json.get("user_id").asText()).isEqualTo(user);
        return json;
      }
      Thread.sleep(200); // 404 or one purchase day until both events are scored
    }
  }
}
