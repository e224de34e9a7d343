package io.ltvstream.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.synthetic.RecordKind;
import io.ltvstream.core.synthetic.ShopConfig;
import io.ltvstream.core.synthetic.ShopRecord;
import io.ltvstream.core.synthetic.SyntheticShop;
import io.ltvstream.schemas.AvroMessageCodec;
import io.ltvstream.scorer.service.ScorerService;
import io.ltvstream.scorer.topology.DeadLetters;
import io.ltvstream.scorer.topology.ScorerMetrics;
import io.ltvstream.testkit.TinyModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer on a real KRaft broker, fed the same events twice (a replayed file, an at-least-once
 * producer): every user's final state (the user-state changelog) and last score are byte-equal to
 * what the first pass left, the second pass emits no score, and every event is counted once:
 * events in = scores + dead letters + duplicates.
 */
class ScorerFedTheSameEventsTwiceTest {
  private static final Duration PATIENCE = Duration.ofMinutes(5);
  private static final String APPLICATION = "ltv-it-twice";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static Path bundleFile;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(2, "ltv-events", "ltv-scores");
    kafka.createTopics(1, "ltv-dlq");
    bundleFile = dir.resolve("model.zip");
    TinyModel.bundle().save(bundleFile);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyUsersFinalStateAndLastScoreAreByteEqualToOnePass() throws Exception {
    List<EngineeredEvent> events = events();
    int total = events.size();
    Map<String, String> config = ScorerProcess.config(kafka.bootstrapServers(), APPLICATION,
        dir.resolve("state"), bundleFile);
    try (ScorerService scorer = ScorerProcess.startInProcess(config)) {
      publish(events);
      awaitCounted(scorer.metrics(), total);
      Map<String, String> statesAfterOnePass = latestPerKey(APPLICATION + "-user-state-changelog");
      Map<String, String> lastScoresAfterOnePass = latestPerKey("ltv-scores");
      long scoresAfterOnePass = scorer.metrics().scores();
      long lateAfterOnePass = late(scorer.metrics());

      publish(events);
      awaitCounted(scorer.metrics(), 2 * total);

      assertThat(scorer.metrics().scores()).as("no second score").isEqualTo(scoresAfterOnePass);
      // a re-sent event is a duplicate while its id is among its user's last 32; an older one is
      // beyond the grace period by then, and is dead-lettered as late: either way it changes nothing
      assertThat(scorer.metrics().duplicates()).isPositive();
      assertThat(scorer.metrics().duplicates() + late(scorer.metrics()) - lateAfterOnePass).isEqualTo(total);
      assertThat(latestPerKey(APPLICATION + "-user-state-changelog")).isEqualTo(statesAfterOnePass)
          .hasSize((int) events.stream().map(EngineeredEvent::getUserId).distinct().count());
      assertThat(latestPerKey("ltv-scores")).isEqualTo(lastScoresAfterOnePass);
    }
  }

  /** Waits until the scorer has accounted for {@code events}: scored, dead-lettered or a duplicate. */
  private static void awaitCounted(ScorerMetrics metrics, long events) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (counted(metrics) < events) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the scorer accounted for " + counted(metrics) + " of " + events + " events");
      }
      Thread.sleep(200);
    }
    assertThat(counted(metrics)).as("events in = scores + dead letters + duplicates").isEqualTo(events);
  }

  private static long counted(ScorerMetrics metrics) {
    return metrics.scores() + metrics.duplicates()
        + metrics.deadLetters().values().stream().mapToLong(Long::longValue).sum();
  }

  private static long late(ScorerMetrics metrics) {
    return metrics.deadLetters().getOrDefault(DeadLetters.LATE_BEYOND_GRACE, 0L);
  }

  /** The last committed value per key of {@code topic}, as hex, once the topic has been quiet for a while. */
  private static Map<String, String> latestPerKey(String topic) {
    Map<String, String> latest = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka.bootstrapServers(), PATIENCE,
        Duration.ofSeconds(3), read -> true, topic)) {
      latest.put(new String(record.key(), StandardCharsets.UTF_8), HexFormat.of().formatHex(record.value()));
    }
    return latest;
  }

  private static List<EngineeredEvent> events() {
    ShopConfig shop = ShopConfig.defaults().withSeed(41).withUsers(200).withDays(90)
        .withStart(LocalDate.of(2025, 5, 1)).withDirt(0, 0, 0, 0);
    List<EngineeredEvent> events = new ArrayList<>();
    for (ShopRecord record : new SyntheticShop(shop).stream().toList()) {
      if (record.kind() == RecordKind.CLEAN) {
        events.add(EventFeatures.engineer(record.event(), "twice-test", (long) events.size()));
      }
    }
    return events;
  }

  private static void publish(List<EngineeredEvent> events) {
    AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
    try (KafkaProducer<byte[], byte[]> producer = Topics.producer(kafka.bootstrapServers())) {
      for (EngineeredEvent event : events) {
        producer.send(new ProducerRecord<>("ltv-events", event.getUserId().getBytes(StandardCharsets.UTF_8),
            codec.encode(event)));
      }
      producer.flush();
    }
  }
}
