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
import java.net.http.HttpResponse;
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
 * Scorer containers from the image's sample config. Two that differ in their host name only (no
 * advertised address is set, so each finds the address its peer reaches it at) both answer
 * {@code GET /v1/users/{id}/ltv} for every user, and after one is stopped the other does (503 with
 * {@code Retry-After} while the stopped one's users move, never 502). With
 * HTTPS on (a self-signed pair made here) the image's health check passes, and with
 * {@code LTV_LOG_FORMAT=json} the log is JSON lines, as the image's launcher applies it.
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
    ContainerizedKafka kafka = stack.kafka();
    List<EngineeredEvent> events = ShopEvents.of(USERS, EVENTS, 47);
    try (KafkaProducer<String, byte[]> producer = kafka.producer();
         CommittedTopic scores = new CommittedTopic(kafka, ContainerizedKafka.SCORES);
         ScorerContainer a = stack.scorerFromSampleConfig("scorer-a", "ltv-fleet");
         ScorerContainer b = stack.scorerFromSampleConfig("scorer-b", "ltv-fleet")) {
      a.start();
      b.start();
      assertThat(a.getLogs()).contains("other instances reach this one at scorer-a:8080");
      assertThat(b.getLogs()).contains("other instances reach this one at scorer-b:8080");
      Scores.produce(producer, events);
      scores.awaitCount(EVENTS, PATIENCE);
      Map<String, LtvScore> latest = Scores.latestByUser(
          Scores.decode(kafka.readCommitted(ContainerizedKafka.SCORES, EVENTS, PATIENCE)));
      assertThat(latest).hasSize(USERS);
      for (LtvScore score : latest.values()) {
        assertAnswers(a, score);
        assertAnswers(b, score);
      }
      assertThat(List.of(usersInStore(a), usersInStore(b))).as("both instances own users, so each answered"
          + " for users it does not own").allSatisfy(users -> assertThat(users).isPositive());

      b.stop(); // Testcontainers kills: b leaves no group, a learns of it after session.timeout.ms
      for (LtvScore score : latest.values()) {
        awaitOwnerKnown(a, score);
        assertAnswers(a, score);
      }
    }
  }

  /**
   * Follows {@code Retry-After} while {@code instance} answers 503 for the user (its owner stopped,
   * its users moving), as a client would; any other status ends the wait, so a 502 fails after.
   */
  private static void awaitOwnerKnown(ScorerContainer instance, LtvScore score) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    HttpResponse<String> answer = instance.get("/v1/users/" + score.getUserId() + "/ltv");
    while (answer.statusCode() == 503 && System.nanoTime() < deadline) {
      assertThat(answer.headers().firstValue("Retry-After")).as("503 from %s: %s", instance.alias(), answer.body())
          .isPresent();
      Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow()));
      answer = instance.get("/v1/users/" + score.getUserId() + "/ltv");
    }
  }

  @Test
  void theImagesHealthCheckPassesWithTlsOnAndItsJsonLinesLogIsOneObjectALine() throws Exception {
    Path keystore = dir.resolve("http.p12");
    keytool("-genkeypair", "-alias", "scorer", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=scorer",
        "-ext", "SAN=dns:scorer-tls,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", PASSWORD);
    Path certificate = dir.resolve("http.crt");
    keytool("-exportcert", "-rfc", "-alias", "scorer", "-keystore", keystore.toString(), "-storepass", PASSWORD,
        "-file", certificate.toString());
    Path truststore = dir.resolve("trust.p12");
    keytool("-importcert", "-noprompt", "-alias", "scorer", "-file", certificate.toString(), "-storetype", "PKCS12",
        "-keystore", truststore.toString(), "-storepass", PASSWORD);
    try (ScorerContainer tls = stack.scorerFromSampleConfig("scorer-tls", "ltv-tls")
        .withTls(keystore, truststore, PASSWORD).with("LTV_LOG_FORMAT", "json")) {
      tls.start();
      var check = tls.execInContainer("/opt/ltv/bin/healthcheck");
      assertThat(check.getExitCode()).as("the image's health check over HTTPS: %s", check.getStderr()).isZero();
      assertThat(tls.get("/health").statusCode()).isEqualTo(200);

      List<String> lines = tls.getLogs(OutputFrame.OutputType.STDOUT).lines().filter(l -> !l.isBlank()).toList();
      List<JsonNode> entries = new ArrayList<>();
      for (String line : lines) {
        entries.add(JSON.readTree(line)); // fails on any line that is not one JSON object
      }
      assertThat(entries).allSatisfy(e -> assertThat(e.has("time") && e.has("level") && e.has("message")).isTrue());
      assertThat(entries).anySatisfy(e -> assertThat(e.get("message").asText()).contains("REBALANCING -> RUNNING"));
      assertThat(tls.getLogs(OutputFrame.OutputType.STDERR)).doesNotContain("YamlConfigurationFactory", "ScorerService");
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
