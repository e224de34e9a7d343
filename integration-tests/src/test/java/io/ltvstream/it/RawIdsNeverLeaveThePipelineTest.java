package io.ltvstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.testdata.CliRun;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.testkit.TinyModel;
import io.ltvstream.testkit.nifi.LtvIngestChain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.nifi.util.MockFlowFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw customer ids, with a pseudonymization key set, through ./ltv prepare and the shipped NiFi flow, then
 * through the real scorer on the embedded broker: no byte of any Kafka topic (events, scores, dead letters,
 * the changelog, the repartition topic, the broker's own), of the scorer's log output, of its HTTP answers,
 * or of any file written (prepare's events and summary, NiFi's kept duplicates, the scorer's state directory)
 * holds one. The rejects file and NiFi's kept invalid records are the one place that keeps the original line.
 */
class RawIdsNeverLeaveThePipelineTest {
  private static final List<String> RAW_IDS = List.of("CUST-7731", "CUST-0042", "CUST-5150");
  private static final Instant T0 = Instant.parse("2025-03-03T10:00:00Z");
  private static final Map<String, String> MAPPING = Map.of("format", "jsonl", "field.user_id", "customer",
      "field.event_time", "at", "field.event_type", "kind", "field.amount", "total", "pseudonymize.key", "s3cret");
  @TempDir Path dir;

  /** Purchases of each raw id over a month, the customer repeated in an unmapped column, one re-sent, one late. */
  private static List<String> rawLines() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String user = RAW_IDS.get(i % RAW_IDS.size());
      lines.add(line(user, T0.plus(Duration.ofDays(i)), 5 + i));
    }
    lines.add(lines.get(4));
    // a month behind its user's latest event: valid here, dead-lettered (late-beyond-grace) by the scorer
    lines.add(line(RAW_IDS.get(0), T0.minus(Duration.ofDays(30)), 99));
    lines.add("{\"customer\":\"" + RAW_IDS.get(1) + "\",\"at\":");
    return lines;
  }

  private static String line(String user, Instant at, int total) {
    return String.format("{\"customer\":\"%s\",\"customer_ref\":\"ref:%s\",\"at\":\"%s\",\"kind\":\"purchase\","
        + "\"total\":%d}", user, user, at, total);
  }

  @Test
  void noRawIdInAnyTopicLogLineHttpAnswerOrFileButTheRejects() throws Exception {
    StringWriter log = captureLogs();
    List<String> lines = rawLines();
    Path input = Files.write(dir.resolve("raw.jsonl"), lines, StandardCharsets.UTF_8);
    Path out = Files.createDirectories(dir.resolve("out"));
    Path rejects = dir.resolve("rejects.jsonl");
    prepare(input, out, rejects);

    LtvIngestChain chain = LtvIngestChain.mappedBy(MAPPING);
    LtvIngestChain.Outcome nifi = chain.run(List.of(String.join("\n", lines.subList(0, 16)).getBytes(StandardCharsets.UTF_8),
        String.join("\n", lines.subList(16, lines.size())).getBytes(StandardCharsets.UTF_8)));
    List<LtvIngestChain.Message> messages = chain.messages();
    assertThat(nifi.duplicates()).isEqualTo(1);
    assertThat(nifi.invalid()).isEqualTo(1);
    assertThat(messages).hasSize(31);

    ByteArrayOutputStream outputs = new ByteArrayOutputStream();
    for (MockFlowFile kept : chain.kept().get("Keep duplicate records")) {
      outputs.writeBytes(kept.toByteArray());
      outputs.writeBytes(kept.getAttributes().toString().getBytes(StandardCharsets.UTF_8));
    }
    messages.forEach(m -> {
      outputs.writeBytes(m.key().getBytes(StandardCharsets.UTF_8));
      outputs.writeBytes(m.value());
    });
    Set<String> pseudonyms = new HashSet<>();
    messages.forEach(m -> pseudonyms.add(m.key()));

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      // one partition: the repartitioned copies keep their file order, so the late event is late in both
      kafka.createTopics(1, "ltv-events", "ltv-scores", "ltv-dlq");
      try (KafkaProducer<byte[], byte[]> producer = Topics.producer(kafka.bootstrapServers())) {
        for (LtvIngestChain.Message message : messages) {
          producer.send(new ProducerRecord<>("ltv-events", message.key().getBytes(StandardCharsets.UTF_8),
              message.value()));
        }
        // prepare's events without a key: the scorer re-keys them through its repartition topic (and finds
        // them all to be the NiFi chain's events again: the same key gives the same pseudonyms and event ids)
        AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
        try (DataFileReader<EngineeredEvent> events = new DataFileReader<>(out.resolve("events.avro").toFile(),
            new SpecificDatumReader<>(EngineeredEvent.class))) {
          for (EngineeredEvent event : events) {
            producer.send(new ProducerRecord<>("ltv-events", null, codec.encode(event)));
          }
        }
        producer.flush();
      }
      Path bundle = dir.resolve("model.zip");
      TinyModel.bundle().save(bundle);
      Map<String, String> config = ScorerProcess.config(kafka.bootstrapServers(), "ltv-it-raw-ids",
          dir.resolve("state"), bundle);
      config.put("scorer.http.tokens", "reader:it-reader-token,metrics:it-metrics-token");
      try (ScorerService scorer = ScorerProcess.startInProcess(config)) {
        // events in (NiFi's 31, prepare's 31 again) = scores + dead letters + duplicates
        List<ConsumerRecord<byte[], byte[]>> scored = Topics.readCommitted(kafka.bootstrapServers(),
            Duration.ofMinutes(3), Duration.ofSeconds(3), read -> read.size() + scorer.metrics().duplicates() >= 62,
            "ltv-scores", "ltv-dlq");
        assertThat(scored.size() + scorer.metrics().duplicates()).isEqualTo(62);
        assertThat(scored).filteredOn(r -> r.topic().equals("ltv-dlq")).as("both copies of the late event")
            .hasSize(2);
        HttpClient http = HttpClient.newHttpClient();
        for (String pseudonym : pseudonyms) {
          outputs.writeBytes(get(http, scorer, "/v1/users/" + pseudonym + "/ltv", "it-reader-token", 200));
        }
        outputs.writeBytes(get(http, scorer, "/metrics", "it-metrics-token", 200));
        outputs.writeBytes(get(http, scorer, "/health", null, 200));
      }
      List<String> topics = everyTopic(kafka);
      assertThat(topics).contains("ltv-events", "ltv-scores", "ltv-dlq",
          "ltv-it-raw-ids-user-state-changelog", "ltv-it-raw-ids-events-by-user-repartition");
      long records = readEveryByte(kafka, topics, outputs);
      assertThat(records).as("records in the topics").isGreaterThan(3 * 31);
    }
    for (Path file : filesUnder(dir)) {
      if (!file.equals(input) && !file.equals(rejects)) {
        outputs.writeBytes(Files.readAllBytes(file));
      }
    }
    outputs.writeBytes(log.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(log.toString()).as("the scorer's log was captured").contains("RUNNING");

    String searched = outputs.toString(StandardCharsets.ISO_8859_1);
    for (String raw : RAW_IDS) {
      assertThat(searched).as("raw id " + raw).doesNotContain(raw);
    }
    assertThat(Files.readString(rejects)).as("the rejects keep the original line").contains(RAW_IDS.get(1));
    assertThat(chain.kept().get("Keep invalid records").getFirst().getContent()).contains(RAW_IDS.get(1));
  }

  private void prepare(Path input, Path out, Path rejects) throws IOException {
    List<String> properties = new ArrayList<>();
    MAPPING.forEach((key, value) -> properties.add(key + "=" + value));
    Path mapping = Files.write(dir.resolve("mapping.properties"), properties, StandardCharsets.UTF_8);
    CliRun prepare = CliRun.of("prepare", "--input", input.toString(), "--mapping", mapping.toString(),
        "--out", out.resolve("events.avro").toString(), "--rejects", rejects.toString(),
        "--json", out.resolve("summary.json").toString(), "--no-progress");
    assertThat(prepare.exit()).as(prepare.err()).isZero();
    for (String raw : RAW_IDS) {
      assertThat(prepare.out() + prepare.err()).doesNotContain(raw);
    }
  }

  /** Every log event from here on, of this project at DEBUG and of Kafka Streams at INFO, into a string. */
  private static StringWriter captureLogs() {
    StringWriter log = new StringWriter();
    LoggerContext context = LoggerContext.getContext(false);
    Configuration configuration = context.getConfiguration();
    WriterAppender appender = WriterAppender.newBuilder().setName("raw-id-search").setTarget(log)
        .setLayout(PatternLayout.newBuilder().withPattern("%level %c - %m%n%ex").build()).build();
    appender.start();
    configuration.addAppender(appender);
    configuration.getRootLogger().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
    Configurator.setLevel("io.ltvstream", Level.DEBUG);
    Configurator.setLevel("org.apache.kafka.streams", Level.INFO);
    return log;
  }

  private static byte[] get(HttpClient http, ScorerService scorer, String path, String token, int status)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + scorer.httpPort() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(path).isEqualTo(status);
    return (response.headers().map().toString() + new String(response.body(), StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> everyTopic(EmbeddedKafka kafka) throws Exception {
    try (Admin admin = kafka.admin()) {
      return new ArrayList<>(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get());
    }
  }

  /** Keys, values and headers of every record of every topic, aborted ones included; returns how many. */
  private static long readEveryByte(EmbeddedKafka kafka, List<String> topics, ByteArrayOutputStream into) {
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = Topics.consumer(kafka.bootstrapServers(), "read_uncommitted",
        topics.toArray(String[]::new))) {
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          quietSince = System.nanoTime();
          count++;
          if (record.key() != null) {
            into.writeBytes(record.key());
          }
          if (record.value() != null) {
            into.writeBytes(record.value());
          }
          for (Header header : record.headers()) {
            into.writeBytes(header.key().getBytes(StandardCharsets.UTF_8));
            if (header.value() != null) {
              into.writeBytes(header.value());
            }
          }
        }
      }
    }
    return count;
  }

  private static List<Path> filesUnder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
