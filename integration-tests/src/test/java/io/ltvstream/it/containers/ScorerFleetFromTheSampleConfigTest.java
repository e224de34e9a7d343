package io.ltvstream.it.containers;

import static io.ltvstream.it.containers.ScorerFailoverTest.assertAnswers;
import static io.ltvstream.it.containers.ScorerFailoverTest.usersInStore;
import static io.ltvstream.it.containers.ScorerStack.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.it.ShopEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Two scorer containers from the image's sample config that differ in their host name only: no
 * advertised address is set, so each finds the address its peer reaches it at. With HTTPS on
 * (a self-signed pair made here), both answer {@code GET /v1/users/{id}/ltv} for every user, the
 * image's health check passes, and the JSON-lines logging is what the image applies; after one
 * is stopped, the other answers for every user.
 */
@Testcontainers(disabledWithoutDocker = true)
class ScorerFleetFromTheSampleConfigTest {
  private static final int USERS = 16;
  private static final int EVENTS = 240;
  private static final String PASSWORD = "fleet-secret";
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final ScorerStack stack = new ScorerStack();
  @TempDir Path dir;

  @Test
  void twoInstancesDifferingOnlyInTheirHostAnswerForEveryUserBeforeAndAfterOneStops() throws Exception {
    Path keystore = dir.resolve("http.p12");
    keytool("-genkeypair", "-alias", "scorer", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=scorer",
        "-ext", "SAN=dns:scorer-a,dns:scorer-b,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", PASSWORD);
    Path certificate = dir.resolve("http.crt");
    keytool("-exportcert", "-rfc", "-alias", "scorer", "-keystore", keystore.toString(), "-storepass", PASSWORD,
        "-file", certificate.toString());
    Path truststore = dir.resolve("trust.p12");
    keytool("-importcert", "-noprompt", "-alias", "scorer", "-file", certificate.toString(), "-storetype", "PKCS12",
        "-keystore", truststore.toString(), "-storepass", PASSWORD);

    ContainerizedKafka kafka = stack.kafka();
    List<EngineeredEvent> events = ShopEvents.of(USERS, EVENTS, 47);
    try (KafkaProducer<String, byte[]> producer = kafka.producer();
         CommittedTopic scores = new CommittedTopic(kafka, ContainerizedKafka.SCORES);
         ScorerContainer a = stack.scorerFromSampleConfig("scorer-a", "ltv-fleet").withTls(keystore, truststore, PASSWORD)
             .with("LTV_LOG_FORMAT", "json");
         ScorerContainer b = stack.scorerFromSampleConfig("scorer-b", "ltv-fleet").withTls(keystore, truststore, PASSWORD)) {
      a.start();
      b.start();
      Scores.produce(producer, events);
      scores.awaitCount(EVENTS, PATIENCE);
      Map<String, LtvScore> latest = Scores.latestByUser(
          Scores.decode(kafka.readCommitted(ContainerizedKafka.SCORES, EVENTS, PATIENCE)));
      assertThat(latest).hasSize(USERS);
      for (LtvScore score : latest.values()) {
        assertAnswers(a, score);
        assertAnswers(b, score);
      }
      assertThat(List.of(usersInStore(a), usersInStore(b))).as("both instances own users")
          .allSatisfy(users -> assertThat(users).isPositive());
      assertThat(a.getLogs()).contains("other instances reach this one at scorer-a:8080");
      assertThat(b.getLogs()).contains("other instances reach this one at scorer-b:8080");

      for (ScorerContainer instance : List.of(a, b)) {
        var check = instance.execInContainer("/opt/ltv/bin/healthcheck");
        assertThat(check.getExitCode()).as("the image's health check over HTTPS: %s", check.getStderr()).isZero();
      }
      List<String> lines = a.getLogs(OutputFrame.OutputType.STDOUT).lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).as("scorer-a's JSON-lines log").isNotEmpty();
      List<JsonNode> entries = new ArrayList<>();
      for (String line : lines) {
        entries.add(JSON.readTree(line)); // every line is one JSON object
      }
      assertThat(entries).allSatisfy(e -> assertThat(e.has("level") && e.has("message") && e.has("time")).isTrue());
      assertThat(entries).anySatisfy(e -> assertThat(e.get("message").asText()).contains("Kafka Streams REBALANCING -> RUNNING"));
      assertThat(b.getLogs()).doesNotContain("YamlConfigurationFactory").contains(" INFO  [main] ScorerService - ");

      b.stop();
      for (LtvScore score : latest.values()) {
        assertAnswers(a, score);
      }
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
  }
}
