package io.ltvstream.it.containers;

import static io.ltvstream.it.containers.ScorerStack.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.scorer.topology.DeadLetters;
import io.ltvstream.testkit.TinyModel;
import io.ltvstream.testkit.nifi.LtvIngestChain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The product end to end with real containers: raw dirty records through the NiFi processor chain
 * (nifi-mock, NiFi's own readers and writers) and LtvAvroMessageWriter, each message produced to
 * the containerized broker, scored by the scorer container; the test reads ltv-scores and ltv-dlq
 * with read_committed. Nothing is lost on the way: raw = valid + invalid + duplicate, and
 * valid-unique = scores + dead letters.
 */
@Testcontainers(disabledWithoutDocker = true)
class PipelineContainersTest {
  private static final int USERS = 30;
  private static final int GOOD = 540;
  private static final Instant START = Instant.parse("2025-06-01T08:00:00Z");
  @RegisterExtension static final ScorerStack stack = new ScorerStack();

  private static String record(String customer, Instant when, String what, String price) {
    return "{\"customer\":\"" + customer + "\",\"when\":\"" + when + "\",\"what\":\"" + what + "\",\"price\":" + price + "}";
  }

  private static String good(int i) {
    return record("c" + i % USERS, START.plus(Duration.ofHours(3L * i)), i % 4 == 0 ? "page_view" : "purchase",
        String.valueOf(5 + (i * 37) % 190 + 0.25));
  }

  @Test
  void rawRecordsBecomeScoresOrDeadLettersAndNothingIsLost() throws Exception {
    ContainerizedKafka kafka = stack.kafka();
    List<List<String>> flowFiles = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < GOOD; i++) {
      flowFiles.get(i * flowFiles.size() / GOOD).add(good(i));
    }
    // Replays of earlier records, in the same FlowFile and in later ones.
    List<String> replays = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      replays.add(good(i * 17 % (GOOD / 2)));
    }
    flowFiles.get(1).addAll(replays.subList(0, 10));
    flowFiles.get(3).addAll(replays.subList(10, 25));
    Map<String, List<String>> invalid = new TreeMap<>();
    invalid.put("missing_user_id", List.of("{\"when\":\"2025-06-02T10:00:00Z\",\"what\":\"purchase\",\"price\":1}"));
    invalid.put("unparsable_event_time", List.of("{\"customer\":\"c1\",\"when\":\"31/02/2025\",\"what\":\"purchase\",\"price\":3}",
        "{\"customer\":\"c2\",\"when\":\"soon\",\"what\":\"purchase\",\"price\":3}"));
    invalid.put("unknown_event_type", List.of(record("c3", START, "levitate", "1")));
    invalid.put("unparsable_amount", List.of(record("c4", START, "purchase", "\"12,50 EUR\"")));
    invalid.put("negative_amount", List.of(record("c5", START, "purchase", "-3")));
    invalid.put("future_event_time", List.of(record("c6", Instant.parse("2999-01-01T00:00:00Z"), "purchase", "1")));
    int spread = 0;
    for (List<String> records : invalid.values()) {
      for (String record : records) {
        flowFiles.get(spread++ % flowFiles.size()).add(record);
      }
    }
    // Valid and unique, but weeks older than their users' latest events: beyond the scorer's grace.
    Instant end = START.plus(Duration.ofHours(3L * GOOD));
    Map<String, Instant> lateEvents = Map.of("c7", end.minus(Duration.ofDays(20)), "c8", end.minus(Duration.ofDays(30)),
        "c9", end.minus(Duration.ofDays(25)));
    List<String> late = lateEvents.entrySet().stream()
        .map(e -> record(e.getKey(), e.getValue(), "purchase", "42.0")).toList();
    flowFiles.get(3).addAll(late);

    LtvIngestChain chain = LtvIngestChain.mappedBy(Map.of("field.user_id", "customer", "field.event_time", "when",
        "field.event_type", "what", "field.amount", "price"));
    LtvIngestChain.Outcome nifi = chain.run(flowFiles.stream()
        .map(records -> ("[" + String.join(",\n", records) + "]").getBytes(StandardCharsets.UTF_8)).toList());
    List<LtvIngestChain.Message> messages = chain.messages();
    long raw = flowFiles.stream().mapToLong(List::size).sum();
    assertThat(nifi.invalidReasons()).isEqualTo(invalid.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> (long) e.getValue().size())));
    assertThat(nifi.duplicates()).isEqualTo(replays.size());
    assertThat(messages).hasSize(GOOD + late.size());
    assertThat(nifi.invalid() + nifi.duplicates() + messages.size()).as("raw = invalid + duplicate + valid-unique")
        .isEqualTo(raw);
    Map<String, EngineeredEvent> published = new TreeMap<>();
    for (LtvIngestChain.Message message : messages) {
      EngineeredEvent event = Scores.EVENTS.decode(message.value());
      published.put(event.getEventId(), event);
    }

    List<LtvScore> scores;
    List<ConsumerRecord<String, byte[]>> deadLetters;
    try (CommittedTopic scoreTopic = new CommittedTopic(kafka, ContainerizedKafka.SCORES);
         ScorerContainer scorer = stack.scorer("scorer-a", "ltv-pipeline")) {
      scorer.start();
      assertThat(scorer.execInContainer("/opt/ltv/bin/healthcheck").getExitCode())
          .as("the image's HEALTHCHECK command reports the running scorer healthy").isZero();
      try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
        for (LtvIngestChain.Message message : messages) {
          producer.send(new ProducerRecord<>(ContainerizedKafka.EVENTS, message.key(), message.value()));
        }
      }
      scoreTopic.awaitCount(GOOD, PATIENCE);
      scores = Scores.decode(kafka.readCommitted(ContainerizedKafka.SCORES, GOOD, PATIENCE));
      deadLetters = kafka.readCommitted(ContainerizedKafka.DLQ, late.size(), PATIENCE);
    }

    assertThat(scores.size() + deadLetters.size()).as("valid-unique = scores + dead letters")
        .isEqualTo(published.size());
    assertThat(Scores.duplicated(scores)).as("events scored more than once").isEmpty();
    assertThat(scores).extracting(LtvScore::getModelVersion).as("every score names the model")
        .containsOnly(TinyModel.version());
    assertThat(deadLetters).extracting(r -> header(r, DeadLetters.REASON)).containsOnly(DeadLetters.LATE_BEYOND_GRACE);
    Set<String> deadEventIds = deadLetters.stream().map(r -> Scores.EVENTS.decode(r.value()).getEventId())
        .collect(Collectors.toSet());
    Set<String> scoredEventIds = Scores.countsByEvent(scores).keySet();
    assertThat(deadEventIds).as("the late events, and only they, are dead letters")
        .containsExactlyInAnyOrderElementsOf(published.values().stream()
            .filter(e -> e.getEventTime().equals(lateEvents.get(e.getUserId())))
            .map(EngineeredEvent::getEventId).toList());
    Set<String> accounted = new TreeSet<>(scoredEventIds);
    accounted.addAll(deadEventIds);
    assertThat(accounted).as("every published event is a score or a dead letter").isEqualTo(published.keySet());
    System.out.printf("pipeline: raw %d = invalid %d %s + duplicates %d + valid-unique %d; scores %d + dead letters %d%n",
        raw, nifi.invalid(), nifi.invalidReasons(), nifi.duplicates(), published.size(), scores.size(), deadLetters.size());
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
