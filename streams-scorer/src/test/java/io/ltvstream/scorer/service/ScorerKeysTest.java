package io.ltvstream.scorer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerKeysTest {
  private static final Path DOCS = Path.of("..", "docs", "scorer.md"); // surefire runs in the module
  @TempDir Path dir;

  @Test
  void aMisspelledScorerKeyInTheFileStopsTheStartNamingItAndTheNearestKnownKey() throws Exception {
    Path file = dir.resolve("scorer.properties");
    Files.writeString(file, "bootstrap.servers=b:9092\nscorer.http.prot=9090\n");
    assertThatThrownBy(() -> ScorerConfig.load(file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting scorer.http.prot in " + file)
        .hasMessageContaining("did you mean scorer.http.port?");
  }

  @Test
  void aMisspelledScorerVariableStopsTheStartNamingTheVariableAndTheNearestKey() {
    assertThatThrownBy(() -> ScorerConfig.load(null, Map.of("LTV_SCORER_MODEL_PTH", "/m.zip")))
        .hasMessageContaining("scorer.model.pth")
        .hasMessageContaining("LTV_SCORER_MODEL_PTH")
        .hasMessageContaining("did you mean scorer.model.path?");
  }

  @Test
  void anUnknownKeyFarFromEveryKnownOneIsRefusedWithoutAGuess() {
    assertThatThrownBy(() -> ScorerConfig.of(Map.of("scorer.colour", "blue")))
        .hasMessageContaining("unknown setting scorer.colour")
        .hasMessageNotContaining("did you mean")
        .hasMessageContaining("docs/scorer.md");
  }

  @Test
  void onlyVariablesNamingAKnownKeyAreTakenSoTheLaunchersOwnNeverReachKafka() throws Exception {
    ScorerConfig config = ScorerConfig.load(null, Map.of(
        "LTV_JAVA_OPTS", "-Xmx4g",
        "LTV_LOG_LEVEL", "WARN",
        "LTV_JAVACPP_CACHE", "/tmp/cache",
        "LTV_SCORER_IMAGE", "localhost/ltv-scorer:1",
        "LTV_SESSION_TIMEOUT_MS", "10000",
        "LTV_PRODUCER_LINGER_MS", "5",
        "LTV_MAIN_CONSUMER_MAX_POLL_RECORDS", "100",
        "LTV_TOPIC_MIN_INSYNC_REPLICAS", "2",
        "LTV_SCORER_ENGINE", "kernel"));
    assertThat(config.kafkaProperties()).containsOnlyKeys("session.timeout.ms", "producer.linger.ms",
        "main.consumer.max.poll.records", "topic.min.insync.replicas");
    assertThat(config.get("scorer.engine")).contains("kernel");
    assertThat(config.get("scorer.image")).isEmpty();
  }

  @Test
  void kafkaKeysInTheFilePassThroughAsKafkaDocumentsThem() throws Exception {
    Path file = dir.resolve("scorer.properties");
    Files.writeString(file, "sasl.jaas.config=x\nproducer.compression.type=lz4\ncommit.interval.ms=100\n");
    assertThat(ScorerConfig.load(file, Map.of()).kafkaProperties())
        .containsEntry("sasl.jaas.config", "x").containsEntry("producer.compression.type", "lz4")
        .containsEntry("commit.interval.ms", "100");
  }

  @Test
  void theKnownKeysAreExactlyTheOnesDocumentedInTheConfigurationTable() throws Exception {
    String docs = Files.readString(DOCS);
    String table = docs.substring(docs.indexOf("## Configuration"), docs.indexOf("## Operations"));
    Set<String> documented = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(scorer\\.[a-z.]+)` \\|").matcher(table);
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented).isEqualTo(new TreeSet<>(ScorerKeys.SCORER));
  }

  @Test
  void editDistanceCountsASwapAsOneEdit() {
    assertThat(ScorerKeys.distance("scorer.http.port", "scorer.http.prot")).isEqualTo(1);
    assertThat(ScorerKeys.distance("scorer.grace", "scorer.grac")).isEqualTo(1);
    assertThat(ScorerKeys.distance("abc", "xyz")).isEqualTo(3);
    assertThat(ScorerKeys.nearest("scorer.http.tls.keystore.passwrd")).contains("scorer.http.tls.keystore.password");
  }
}
