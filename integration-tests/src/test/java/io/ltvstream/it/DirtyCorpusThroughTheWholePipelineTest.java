package io.ltvstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.scorer.topology.DeadLetters;
import io.ltvstream.testkit.TinyModel;
import io.ltvstream.testkit.nifi.LtvIngestChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product end to end on a real broker: a dirty raw corpus through our NiFi processors (nifi-mock,
 * NiFi's own readers and writers) and LtvAvroMessageWriter, each message produced to ltv-events by a
 * real KafkaProducer, the real scorer (Kafka Streams, exactly_once_v2), and ltv-scores and ltv-dlq
 * read back with read_committed. Nothing is lost or invented on the way.
 */
class DirtyCorpusThroughTheWholePipelineTest {
  private static final int LATE_EVENTS = 5;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern(SyntheticShop.TIME_PATTERN).withZone(ZoneOffset.UTC);

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(2, "ltv-events", "ltv-scores");
    kafka.createTopics(1, "ltv-dlq");
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyRawRecordIsAccountedForAndEveryValidEventIsScoredOrDeadLettered() throws Exception {
    ShopConfig config = ShopConfig.defaults().withSeed(11).withUsers(250).withDays(90)
        .withStart(LocalDate.of(2025, 3, 1)).withDirt(0.03, 0.02, 0.02, 0.01);
    List<ShopRecord> records = new SyntheticShop(config).stream().toList();
    List<String> lines = new ArrayList<>(records.stream().map(ShopRecord::line).toList());
    // valid records that arrive a month behind their user's latest event: past the scorer's grace
    List<String> lateIds = lateCopies(records).stream().map(line -> id(line)).toList();
    lines.addAll(lateCopies(records));
    long clean = records.stream().filter(r -> r.kind() == RecordKind.CLEAN).count();
    long duplicates = records.stream().filter(r -> r.kind() == RecordKind.DUPLICATE).count();
    long dirty = records.stream().filter(r -> r.kind().isDirty()).count();
    long garbage = records.stream().filter(r -> r.kind() == RecordKind.GARBAGE).count();

    assertThat(duplicates).isPositive();
    assertThat(garbage).isPositive();
    assertThat(dirty).isGreaterThan(garbage);

    LtvIngestChain chain = LtvIngestChain.mappedBy(SyntheticShop.mappingSettings());
    LtvIngestChain.Outcome nifi = chain.run(flowFiles(lines, 400));
    List<LtvIngestChain.Message> messages = chain.messages();

    assertThat((long) lines.size()).as("raw = valid + invalid + duplicate")
        .isEqualTo(messages.size() + nifi.invalid() + nifi.duplicates());
    assertThat(nifi.invalid()).as("invalid: dirty records of the shop").isEqualTo(dirty);
    assertThat(nifi.invalidReasons()).as("lines no JSON reader can read").containsEntry("malformed_record", garbage);
    assertThat(nifi.duplicates()).isEqualTo(duplicates);
    assertThat((long) messages.size()).isEqualTo(clean + LATE_EVENTS);

    try (KafkaProducer<byte[], byte[]> producer = Topics.producer(kafka.bootstrapServers())) {
      for (LtvIngestChain.Message message : messages) {
        producer.send(new ProducerRecord<>("ltv-events", message.key().getBytes(StandardCharsets.UTF_8),
            message.value()));
      }
      producer.flush();
    }
    long published = messages.size();

    ModelBundle bundle = TinyModel.bundle();
    Path bundleFile = dir.resolve("model.zip");
    bundle.save(bundleFile);
    List<ConsumerRecord<byte[], byte[]>> out;
    try (ScorerService scorer = ScorerProcess.startInProcess(ScorerProcess.config(kafka.bootstrapServers(),
        "ltv-it-pipeline", dir.resolve("state"), bundleFile))) {
      out = Topics.readCommitted(kafka.bootstrapServers(), Duration.ofMinutes(5), Duration.ofSeconds(3),
          read -> read.size() >= published, "ltv-scores", "ltv-dlq");
    }

    AvroMessageCodec<LtvScore> scoreCodec = AvroMessageCodec.of(LtvScore.class);
    AvroMessageCodec<EngineeredEvent> eventCodec = AvroMessageCodec.of(EngineeredEvent.class);
    List<LtvScore> scores = new ArrayList<>();
    List<String> deadLetterIds = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : out) {
      if (record.topic().equals("ltv-scores")) {
        scores.add(scoreCodec.decode(record.value()));
      } else {
        assertThat(DeadLetters.header(record.headers(), DeadLetters.REASON)).isEqualTo(DeadLetters.LATE_BEYOND_GRACE);
        deadLetterIds.add(eventCodec.decode(record.value()).getEventId());
      }
    }
    assertThat((long) scores.size() + deadLetterIds.size()).as("valid unique = scores + DLQ").isEqualTo(published);
    assertThat(deadLetterIds).containsExactlyInAnyOrderElementsOf(lateIds);
    assertThat(scores).allSatisfy(score -> assertThat(score.getModelVersion()).isEqualTo(bundle.version()));
    Set<String> publishedIds = new HashSet<>();
    messages.forEach(m -> publishedIds.add(eventCodec.decode(m.value()).getEventId()));
    Set<String> scoredIds = new HashSet<>();
    scores.forEach(score -> assertThat(scoredIds.add(score.getEventId())).as("scored once: " + score.getEventId()).isTrue());
    scoredIds.addAll(deadLetterIds);
    assertThat(scoredIds).isEqualTo(publishedIds);
  }

  /** For the users with the latest activity, a valid event with a new id, a month before their last one. */
  private static List<String> lateCopies(List<ShopRecord> records) throws Exception {
    Map<String, ShopRecord> lastByUser = new LinkedHashMap<>();
    records.stream().filter(r -> r.kind() == RecordKind.CLEAN)
        .forEach(r -> lastByUser.put(r.event().getUserId(), r));
    List<ShopRecord> latest = lastByUser.values().stream()
        .sorted(Comparator.comparing((ShopRecord r) -> r.event().getEventTime()).reversed()
            .thenComparing(r -> r.event().getUserId()))
        .limit(LATE_EVENTS).toList();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < latest.size(); i++) {
      ObjectNode node = (ObjectNode) JSON.readTree(latest.get(i).line());
      node.put("event_id", "late-" + i);
      node.put("event_time", TIME.format(latest.get(i).event().getEventTime().minus(Duration.ofDays(30))));
      lines.add(JSON.writeValueAsString(node));
    }
    return lines;
  }

  /** The lines in FlowFiles of up to {@code linesPerFlowFile} lines each, as GetFile and SplitText would make them. */
  private static List<byte[]> flowFiles(List<String> lines, int linesPerFlowFile) {
    List<byte[]> flowFiles = new ArrayList<>();
    for (int i = 0; i < lines.size(); i += linesPerFlowFile) {
      List<String> batch = lines.subList(i, Math.min(lines.size(), i + linesPerFlowFile));
      flowFiles.add((String.join("\n", batch) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return flowFiles;
  }

  private static String id(String line) {
    try {
      return JSON.readTree(line).get("event_id").asText();
    } catch (Exception e) {
      throw new IllegalArgumentException(line, e);
    }
  }
}
