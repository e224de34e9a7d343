package io.ltvstream.scorer.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.LtvSchemaStore;
import io.ltvstream.schemas.kafka.LtvSerdes;
import io.ltvstream.scorer.topology.DeadLetters;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service against a real broker: exactly-once scoring, poison bytes to the dead-letter
 * topic while the app keeps running, the HTTP API over interactive queries, and a model swap
 * through the compacted models topic.
 */
class ScorerServiceBrokerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Instant T0 = Instant.parse("2026-02-02T09:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static EmbeddedKafka broker;
  private static ScorerService service;
  private static ModelBundle first;
  private static ModelBundle second;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    first = TinyModel.bundle(7);
    second = TinyModel.bundle(8);
    broker = EmbeddedKafka.start();
    createTopics(List.of(new NewTopic("ltv-events", 2, (short) 1),
        new NewTopic("ltv-scores", 2, (short) 1), new NewTopic("ltv-dlq", 1, (short) 1),
        new NewTopic("ltv-models", 1, (short) 1).configs(
            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    first.save(dir.resolve("model.zip"));
    Map<String, String> config = config("ltv-scorer-it", "ltv-events", "ltv-scores", dir.resolve("state"));
    config.put("scorer.topic.models", "ltv-models");
    service = startRunning(config);
  }

  private static void createTopics(List<NewTopic> topics) throws Exception {
    try (Admin admin = broker.admin()) {
      admin.createTopics(topics).all().get();
    }
  }

  private static Map<String, String> config(String applicationId, String events, String scores, Path state) {
    Map<String, String> config = new HashMap<>();
    config.put("bootstrap.servers", broker.bootstrapServers());
    config.put("application.id", applicationId);
    config.put("state.dir", state.toString());
    config.put("commit.interval.ms", "100");
    config.put("num.stream.threads", "1");
    config.put("replication.factor", "1");
    config.put("scorer.topic.events", events);
    config.put("scorer.topic.scores", scores);
    config.put("scorer.model.path", dir.resolve("model.zip").toString());
    config.put("scorer.http.host", "127.0.0.1");
    config.put("scorer.http.port", "0");
    config.put("scorer.http.tokens", "reader:reader-token,metrics:metrics-token");
    return config;
  }

  private static ScorerService startRunning(Map<String, String> config) throws Exception {
    ScorerService started = ScorerService.start(new ScorerSettings(ScorerConfig.of(config)));
    await("Kafka Streams RUNNING", () -> started.streams().state() == KafkaStreams.State.RUNNING);
    return started;
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void scoresEveryEventSurvivesPoisonAnswersQueriesAndSwapsModelsFromTheTopic() throws Exception {
    List<EngineeredEvent> before = new ArrayList<>();
    List<EngineeredEvent> after = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      (i < 6 ? before : after).add(Events.purchase("user-" + (i % 3), "e" + i,
          T0.plus(Duration.ofDays(i)), 10 + 5 * i));
    }
    var codec = LtvSerdes.engineeredEvent(LtvSchemaStore.standard());
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (EngineeredEvent event : before) {
        producer.send(record("ltv-events", event.getUserId(), codec.serialize("ltv-events", event)));
      }
      producer.send(record("ltv-events", "user-0", new byte[] {(byte) 0xC3, 0x01, 9, 9})); // poison
      producer.send(record("ltv-events", "user-1", "{\"json\": true}".getBytes()));        // poison
      for (EngineeredEvent event : after) {
        producer.send(record("ltv-events", event.getUserId(), codec.serialize("ltv-events", event)));
      }
      producer.flush();
    }

    List<ConsumerRecord<String, byte[]>> scoreRecords = readAtLeast("ltv-scores", 12);
    List<LtvScore> scores = new ArrayList<>();
    var scoreSerde = LtvSerdes.ltvScore(LtvSchemaStore.standard());
    scoreRecords.forEach(r -> scores.add(scoreSerde.deserialize(r.topic(), r.value())));
    assertThat(scores).hasSize(12);
    assertThat(scores).extracting(LtvScore::getEventId).containsExactlyInAnyOrder(
        "e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10", "e11");
    assertThat(scores).extracting(LtvScore::getModelVersion).containsOnly(first.version());

    List<ConsumerRecord<String, byte[]>> dead = readAtLeast("ltv-dlq", 2);
    assertThat(dead).hasSize(2);
    assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
        .containsExactlyInAnyOrder("truncated", "corrupt");
    assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.SOURCE_TOPIC))
        .containsOnly("ltv-events");
    assertThat(dead).allSatisfy(r -> assertThat(
        DeadLetters.header(r.headers(), DeadLetters.SOURCE_OFFSET)).isNotNull());
    assertThat(service.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);

    // the HTTP API: no token, no value; with one, the stored state scored at the event time
    LtvScore last = scores.stream().filter(s -> s.getEventId().equals("e10")).findFirst().orElseThrow();
    String path = "/v1/users/user-1/ltv?at=" + last.getEventTime().toEpochMilli();
    assertThat(get(path, null).statusCode()).isEqualTo(401);
    HttpResponse<String> answer = get(path, "reader-token");
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode json = JSON.readTree(answer.body());
    assertThat(json.get("user_id").asText()).isEqualTo("user-1");
    assertThat(json.get("model_version").asText()).isEqualTo(first.version());
    assertThat(json.get("expected_value").asDouble()).isEqualTo(last.getExpectedValue());
    assertThat(json.get("p_active").asDouble()).isEqualTo(last.getPActive());
    assertThat(json.get("frequency").asInt()).isEqualTo(last.getFrequency());
    assertThat(get("/v1/users/nobody/ltv", "reader-token").statusCode()).isEqualTo(404);
    assertThat(get("/health", null).statusCode()).isEqualTo(200);
    String metrics = get("/metrics", "metrics-token").body();
    assertThat(metrics).contains("ltv_scores_total 12\n", "ltv_dlq_records_total{reason=\"corrupt\"} 1\n",
        "ltv_dlq_records_total{reason=\"truncated\"} 1\n", "ltv_model_info{version=\"" + first.version() + "\"} 1");
    assertThat(metrics).containsPattern("ltv_state_store_entries\\{store=\"user-state\"} \\d+\n");
    // Kafka Streams' own metrics, its clients' and the JVM's, beside the scorer's
    assertThat(metrics).containsPattern("kafka_stream_thread_metrics_process_total\\{[^}]*thread_id=")
        .containsPattern("kafka_consumer_fetch_manager_metrics_records_consumed_total\\{")
        .containsPattern("kafka_producer_metrics_record_send_total\\{")
        .containsPattern("kafka_stream_state_metrics_\\w+\\{[^}]*user-state")
        // RocksDB's own figures, which Kafka Streams records at the default INFO level
        .containsPattern("kafka_stream_state_metrics_estimate_num_keys\\{[^}]*rocksdb_state_id=\"user-state\"")
        .containsPattern("kafka_stream_state_metrics_block_cache_usage\\{[^}]*rocksdb_state_id=\"user-state\"")
        .contains("ltv_dlq_records_total{reason=\"unknown-schema\"} 0\n", "jvm_threads_live ");

    // a new model through the compacted topic; the next event is scored by it
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(record("ltv-models", "current", second.toBytes()));
      producer.flush();
    }
    await("the second model in service", () -> service.models().currentVersion().orElse("").equals(second.version()));
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      producer.send(record("ltv-events", "user-1", codec.serialize("ltv-events",
          Events.purchase("user-1", "e12", T0.plus(Duration.ofDays(20)), 33))));
      producer.flush();
    }
    List<ConsumerRecord<String, byte[]>> all = readAtLeast("ltv-scores", 13);
    assertThat(all).hasSize(13);
    LtvScore swapped = all.stream().map(r -> scoreSerde.deserialize(r.topic(), r.value()))
        .filter(s -> s.getEventId().equals("e12")).findFirst().orElseThrow();
    assertThat(swapped.getModelVersion()).isEqualTo(second.version());
    assertThat(service.metrics().usersRebuilt()).isEqualTo(1);

    // a user not touched since the swap is queried with the new model, on a rebuilt copy
    HttpResponse<String> untouched = get("/v1/users/user-0/ltv", "reader-token");
    assertThat(untouched.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(untouched.body()).get("model_version").asText()).isEqualTo(second.version());
    assertThat(service.metrics().usersRebuilt()).isEqualTo(1); // queries never write state
  }

  @Test
  void anInstanceThatLostItsDiskRestoresItsUsersFromTheChangelogs() throws Exception {
    createTopics(List.of(new NewTopic("restore-events", 2, (short) 1),
        new NewTopic("restore-scores", 2, (short) 1)));
    var codec = LtvSerdes.engineeredEvent(LtvSchemaStore.standard());
    var scoreSerde = LtvSerdes.ltvScore(LtvSchemaStore.standard());
    ScorerService before = startRunning(
        config("ltv-restore-it", "restore-events", "restore-scores", dir.resolve("disk-1")));
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < 4; i++) {
        producer.send(record("restore-events", "r", codec.serialize("restore-events",
            Events.purchase("r", "r" + i, T0.plus(Duration.ofDays(7L * i)), 25))));
      }
    }
    assertThat(readAtLeast("restore-scores", 4)).hasSize(4);
    before.close();

    ScorerService after = startRunning(
        config("ltv-restore-it", "restore-events", "restore-scores", dir.resolve("disk-2")));
    try {
      try (KafkaProducer<byte[], byte[]> producer = producer()) {
        producer.send(record("restore-events", "r", codec.serialize("restore-events",
            Events.purchase("r", "r4", T0.plus(Duration.ofDays(28)), 25))));
      }
      List<LtvScore> scores = readAtLeast("restore-scores", 5).stream()
          .map(r -> scoreSerde.deserialize(r.topic(), r.value())).toList();
      assertThat(scores).extracting(LtvScore::getEventId).containsExactly("r0", "r1", "r2", "r3", "r4");
      // the fifth purchase day is counted on top of the four restored ones
      assertThat(scores.getLast().getFrequency()).isEqualTo(4);
      assertThat(scores.getLast().getMonetaryMean()).isEqualTo(25.0);
    } finally {
      after.close();
    }
  }

  @Test
  void withTwoInstancesEachAnswersForEveryUserThroughTheOwner() throws Exception {
    createTopics(List.of(new NewTopic("multi-events", 2, (short) 1),
        new NewTopic("multi-scores", 2, (short) 1)));
    ScorerService one = startRunning(config("ltv-multi-it", "multi-events", "multi-scores", dir.resolve("multi-1")));
    ScorerService two = ScorerService.start(new ScorerSettings(ScorerConfig.of(
        config("ltv-multi-it", "multi-events", "multi-scores", dir.resolve("multi-2")))));
    try {
      await("both instances RUNNING with a partition each", () ->
          one.streams().state() == KafkaStreams.State.RUNNING && two.streams().state() == KafkaStreams.State.RUNNING
              && one.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty())
              && two.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty()));
      var codec = LtvSerdes.engineeredEvent(LtvSchemaStore.standard());
      List<String> users = List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7");
      try (KafkaProducer<byte[], byte[]> producer = producer()) {
        for (int i = 0; i < users.size(); i++) {
          producer.send(record("multi-events", users.get(i), codec.serialize("multi-events",
              Events.purchase(users.get(i), "m-e" + i, T0, 5))));
          // the repeat purchase day makes each user's m_x their own
          producer.send(record("multi-events", users.get(i), codec.serialize("multi-events",
              Events.purchase(users.get(i), "m-r" + i, T0.plus(Duration.ofDays(2)), 10 + i))));
        }
      }
      assertThat(readAtLeast("multi-scores", 2 * users.size())).hasSize(2 * users.size());
      assertThat(users.stream().map(u -> one.streams().queryMetadataForKey("user-state", u,
          org.apache.kafka.common.serialization.Serdes.String().serializer()).activeHost().port()).distinct())
          .containsExactlyInAnyOrder(one.httpPort(), two.httpPort());

      String at = "?at=" + T0.plus(Duration.ofDays(3)).toEpochMilli();
      for (String user : users) {
        HttpResponse<String> fromOne = await200(one, "/v1/users/" + user + "/ltv" + at);
        HttpResponse<String> fromTwo = await200(two, "/v1/users/" + user + "/ltv" + at);
        JsonNode a = JSON.readTree(fromOne.body());
        JsonNode b = JSON.readTree(fromTwo.body());
        assertThat(a.get("user_id").asText()).isEqualTo(user);
        assertThat(b.get("user_id").asText()).isEqualTo(user);
        assertThat(a.get("expected_value").asDouble()).isEqualTo(b.get("expected_value").asDouble());
        assertThat(a.get("monetary_mean").asDouble()).isEqualTo(10.0 + users.indexOf(user));
      }
    } finally {
      two.close();
      one.close();
    }
  }

  private HttpResponse<String> await200(ScorerService instance, String path) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      HttpResponse<String> response = get(instance, path, "reader-token");
      if (response.statusCode() == 200 || System.nanoTime() > deadline) {
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response;
      }
      Thread.sleep(200); // 503 while ownership moves
    }
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return get(service, path, token);
  }

  private HttpResponse<String> get(ScorerService instance, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + instance.httpPort() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
    return new ProducerRecord<>(topic, key.getBytes(), value);
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static List<ConsumerRecord<String, byte[]>> readAtLeast(String topic, int count) {
    return BrokerClients.readAtLeast(broker, topic, count, PATIENCE);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
