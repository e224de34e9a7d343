package io.ltvstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.broker.EmbeddedKafka;
import io.ltvstream.cli.testdata.CliRun;
import io.ltvstream.core.history.EngineeredEventFileReader;
import io.ltvstream.schemas.AvroMessageCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillCommandTest {
  private static final int PARTITIONS = 3;
  private static EmbeddedKafka kafka;
  @TempDir static Path dir;
  private static Path events;
  private static List<EngineeredEvent> history;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start();
    events = SyntheticHistory.eventsFile(dir, 150, 120, 11);
    history = EngineeredEventFileReader.read(events).events();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void publishesEveryEventKeyedByUserInEventTimeOrderWithTheEventTimeAsTimestampAndResumesWithoutDuplicates()
      throws Exception {
    SyntheticHistory.createKeptTopics(kafka.bootstrapServers(), PARTITIONS, "resume");
    // a first run that stops part-way, as a crash would
    CliRun partial = backfill("--input", events.toString(), "--format", "events", "--topic", "resume",
        "--max-events", "500");
    assertThat(partial.exit()).as(partial.err()).isZero();
    assertThat(read("resume")).hasSize(500);

    CliRun rest = backfill("--input", events.toString(), "--format", "events", "--topic", "resume");
    assertThat(rest.exit()).as(rest.err()).isZero();
    assertThat(rest.out()).contains(String.format("%,d events published", history.size() - 500))
        .contains("500 already there");
    CliRun again = backfill("--input", events.toString(), "--format", "events", "--topic", "resume");
    assertThat(again.out()).contains("0 events published").contains(String.format("%,d already there", history.size()));

    AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
    List<ConsumerRecord<String, byte[]>> records = read("resume");
    assertThat(records).hasSize(history.size());
    Set<String> ids = new HashSet<>();
    Map<String, Long> lastTimeByUser = new HashMap<>();
    Map<String, Integer> partitionByUser = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      EngineeredEvent event = codec.decode(record.value());
      assertThat(ids.add(event.getEventId())).as("published once: " + event.getEventId()).isTrue();
      assertThat(record.key()).isEqualTo(event.getUserId());
      assertThat(record.timestamp()).isEqualTo(event.getEventTime().toEpochMilli());
      assertThat(partitionByUser.computeIfAbsent(record.key(), k -> record.partition())).isEqualTo(record.partition());
      long previous = lastTimeByUser.getOrDefault(record.key(), Long.MIN_VALUE);
      assertThat(record.timestamp()).as("user " + record.key() + " in event-time order").isGreaterThanOrEqualTo(previous);
      lastTimeByUser.put(record.key(), record.timestamp());
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(history.stream().map(EngineeredEvent::getEventId).toList());
    assertThat(partitionByUser.values()).as("users spread over the partitions").hasSize(lastTimeByUser.size())
        .containsOnly(0, 1, 2).contains(0, 1, 2);
  }

  @Test
  void aCdnowFileIsPublishedWithItsDerivedEventIds() throws Exception {
    SyntheticHistory.createKeptTopics(kafka.bootstrapServers(), 1, "cdnow");
    Path cdnow = dir.resolve("cdnow.txt");
    java.nio.file.Files.writeString(cdnow, """
        00001 19970101 1 11.77
        00002 19970112 1 12.00
        00001 19970102 2 20.50
        00002 19970112 5 77.00
        """);
    CliRun run = backfill("--input", cdnow.toString(), "--format", "cdnow", "--topic", "cdnow");
    assertThat(run.exit()).as(run.err()).isZero();
    AvroMessageCodec<EngineeredEvent> codec = AvroMessageCodec.of(EngineeredEvent.class);
    List<String> published = read("cdnow").stream()
        .map(r -> r.key() + "@" + codec.decode(r.value()).getEventTime() + " " + codec.decode(r.value()).getEventId())
        .toList();
    assertThat(published).hasSize(4);
    assertThat(published.get(0)).startsWith("00001@1997-01-01");
    assertThat(published.get(1)).startsWith("00001@1997-01-02");
    assertThat(published.subList(2, 4)).allMatch(p -> p.startsWith("00002@1997-01-12"));
    CliRun again = backfill("--input", cdnow.toString(), "--format", "cdnow", "--topic", "cdnow");
    assertThat(again.out()).contains("0 events published");
    assertThat(read("cdnow")).hasSize(4);
  }

  @Test
  void refusesATopicWhoseRetentionWouldDeleteTheHistory() {
    kafka.createTopics(1, "short-lived"); // the broker's default retention: 7 days
    CliRun run = backfill("--input", events.toString(), "--format", "events", "--topic", "short-lived");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("topic short-lived deletes records older than PT168H").contains("retention.ms=-1");
  }

  @Test
  void namesAMissingTopic() {
    CliRun run = backfill("--input", events.toString(), "--format", "events", "--topic", "nowhere");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("topic nowhere does not exist");
  }

  @Test
  void aMissingInputOptionIsAUsageError() {
    CliRun run = backfill("--format", "events");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required option: '--input=<input>'");
  }

  private static CliRun backfill(String... args) {
    List<String> all = new ArrayList<>(List.of("backfill", "--bootstrap-servers", kafka.bootstrapServers()));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  /** Every record of the topic, partition by partition in offset order. */
  private static List<ConsumerRecord<String, byte[]>> read(String topic) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        "bootstrap.servers", kafka.bootstrapServers(),
        "key.deserializer", StringDeserializer.class,
        "value.deserializer", ByteArrayDeserializer.class))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new HashMap<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          byPartition.computeIfAbsent(new TopicPartition(topic, record.partition()), p -> new ArrayList<>()).add(record);
        }
      }
      List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
      partitions.forEach(p -> all.addAll(byPartition.getOrDefault(p, List.of())));
      return all;
    }
  }
}
