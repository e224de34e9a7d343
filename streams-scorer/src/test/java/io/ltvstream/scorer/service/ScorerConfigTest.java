package io.ltvstream.scorer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.ltvstream.scorer.http.BearerTokens;
import io.ltvstream.scorer.http.Role;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerConfigTest {
  @TempDir Path dir;

  @Test
  void environmentOverridesTheFileAndKafkaKeysPassThrough() throws Exception {
    Path file = dir.resolve("scorer.properties");
    Files.writeString(file, """
        bootstrap.servers=file:9092
        security.protocol=SASL_SSL
        sasl.mechanism=SCRAM-SHA-512
        scorer.http.port=8080
        scorer.grace=PT72H
        """);
    ScorerConfig config = ScorerConfig.load(file, Map.of(
        "LTV_BOOTSTRAP_SERVERS", "env:9093",
        "LTV_SCORER_HTTP_PORT", "9090",
        "LTV_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
        "PATH", "/usr/bin"));

    assertThat(config.getInt("scorer.http.port", 0)).isEqualTo(9090);
    assertThat(config.getDuration("scorer.grace")).contains(Duration.ofHours(72));
    assertThat(config.kafkaProperties())
        .containsEntry("bootstrap.servers", "env:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .doesNotContainKey("scorer.http.port")
        .doesNotContainKey("path");
  }

  @Test
  void aMissingConfigurationFileIsNamedWithItsReason() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> ScorerConfig.load(missing, Map.of()))
        .hasMessage(missing + ": no such configuration file");
  }

  @Test
  void aMalformedValueNamesItsKey() {
    ScorerConfig config = ScorerConfig.of(Map.of("scorer.http.port", "eighty"));
    assertThatThrownBy(() -> config.getInt("scorer.http.port", 8080))
        .hasMessageContaining("scorer.http.port=eighty");
  }

  @Test
  void exactlyOnceV2IsTheDefaultAndCanBeOverridden() {
    ScorerSettings defaults = new ScorerSettings(ScorerConfig.of(Map.of("bootstrap.servers", "b:9092")));
    assertThat(defaults.streams("h:1", new java.util.Properties()))
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
        .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "h:1")
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "ltv-scorer");

    ScorerSettings atLeastOnce = new ScorerSettings(ScorerConfig.of(Map.of(
        "processing.guarantee", "at_least_once")));
    assertThat(atLeastOnce.streams("h:1", new java.util.Properties()))
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once");
  }

  /** BrokerRestartTest: the clients' wait on a restarted broker's old address ends after 10 s, not 30 s. */
  @Test
  void aConnectionAttemptWaitsTenSecondsAtMostUnlessTheOperatorSaysOtherwise() throws Exception {
    ScorerSettings defaults = new ScorerSettings(ScorerConfig.of(Map.of("bootstrap.servers", "b:9092")));
    assertThat(defaults.streams("h:1", new java.util.Properties()))
        .containsEntry("socket.connection.setup.timeout.max.ms", "10000");
    assertThat(defaults.clients()).as("the model-topic reader's and the start-up admin's")
        .containsEntry("socket.connection.setup.timeout.max.ms", "10000")
        .containsEntry("bootstrap.servers", "b:9092");

    ScorerSettings patient = new ScorerSettings(ScorerConfig.load(null, Map.of(
        "LTV_SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS", "45000")));
    assertThat(patient.streams("h:1", new java.util.Properties()))
        .containsEntry("socket.connection.setup.timeout.max.ms", "45000");
    assertThat(patient.clients()).containsEntry("socket.connection.setup.timeout.max.ms", "45000");
  }

  @Test
  void theHttpApiRefusesToStartWithoutTokens() {
    ScorerSettings settings = new ScorerSettings(ScorerConfig.of(Map.of()));
    assertThatThrownBy(settings::http).hasMessageContaining("no HTTP bearer tokens");
  }

  @Test
  void theTokensFileIsReadAndItsRolesJoinTheInlineOnes() throws Exception {
    Path tokens = dir.resolve("http-tokens");
    Files.writeString(tokens, "# one entry a line\nreader:file-reader\nmetrics:shared\n\n");
    ScorerSettings settings = new ScorerSettings(ScorerConfig.load(null, Map.of(
        "LTV_SCORER_HTTP_TOKENS_FILE", tokens.toString(), "LTV_SCORER_HTTP_TOKENS", "reader:shared")));
    BearerTokens read = settings.http().tokens();
    assertThat(read.rolesOf("file-reader")).contains(Set.of(Role.READER));
    assertThat(read.rolesOf("shared")).contains(Set.of(Role.READER, Role.METRICS));
    assertThat(read.rolesOf("nobody")).isEmpty();

    ScorerSettings missing = new ScorerSettings(ScorerConfig.of(Map.of(
        "scorer.http.tokens.file", dir.resolve("absent").toString())));
    assertThatThrownBy(missing::http).hasMessageContaining("absent");
  }

  @Test
  void theSampleConfigurationParses() throws Exception {
    Path sample = Path.of("..", "config", "scorer.properties"); // surefire runs in the module
    ScorerSettings settings = new ScorerSettings(ScorerConfig.load(sample, Map.of(
        "LTV_SCORER_HTTP_TOKENS", "reader:r-token", "LTV_SCORER_HTTP_TOKENS_FILE", "")));
    assertThat(settings.topology().eventsTopic()).isEqualTo("ltv-events");
    assertThat(settings.http().tokens().rolesOf("r-token")).isPresent();
    assertThat(settings.streams("h:1", new java.util.Properties()))
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
  }
}
