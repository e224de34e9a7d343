package io.ltvstream.it.containers;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.schemas.AvroMessageCodec;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Encoding events for ltv-events and decoding what the scorer wrote, with the project's codec. */
final class Scores {
  static final AvroMessageCodec<EngineeredEvent> EVENTS = AvroMessageCodec.of(EngineeredEvent.class);
  static final AvroMessageCodec<LtvScore> SCORES = AvroMessageCodec.of(LtvScore.class);

  private Scores() {}

  /** Produces each event keyed by its user and waits until the broker has them all. */
  static void produce(KafkaProducer<String, byte[]> producer, Collection<EngineeredEvent> events) {
    for (EngineeredEvent event : events) {
      producer.send(new ProducerRecord<>(ContainerizedKafka.EVENTS, event.getUserId(), EVENTS.encode(event)));
    }
    producer.flush();
  }

  /** Decodes every record; a record that does not decode fails the test with its offset. */
  static List<LtvScore> decode(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(record -> {
      try {
        return SCORES.decode(record.value());
      } catch (RuntimeException e) {
        throw new AssertionError("score at " + record.topic() + "-" + record.partition() + "@"
            + record.offset() + " does not decode: " + e.getMessage(), e);
      }
    }).toList();
  }

  /** How many scores each event got (1 each when nothing was lost or duplicated). */
  static Map<String, Long> countsByEvent(List<LtvScore> scores) {
    return scores.stream().collect(Collectors.groupingBy(LtvScore::getEventId, Collectors.counting()));
  }

  /** The events scored more than once, with their counts (empty when nothing was duplicated). */
  static Map<String, Long> duplicated(List<LtvScore> scores) {
    Map<String, Long> duplicated = new TreeMap<>(countsByEvent(scores));
    duplicated.values().removeIf(n -> n == 1);
    return duplicated;
  }

  /** The events of {@code expected} without a score (empty when nothing was lost). */
  static Set<String> lost(Collection<String> expected, List<LtvScore> scores) {
    Set<String> lost = new TreeSet<>(expected);
    lost.removeAll(countsByEvent(scores).keySet());
    return lost;
  }

  /** The scores without scored_at (wall clock: the one field two runs may disagree on). */
  static List<LtvScore> withoutWallClock(List<LtvScore> scores) {
    return scores.stream().map(score -> LtvScore.newBuilder(score).setScoredAt(Instant.EPOCH).build()).toList();
  }

  /** The score of each event (the last one, if an event was scored twice). */
  static Map<String, LtvScore> byEvent(List<LtvScore> scores) {
    Map<String, LtvScore> byEvent = new HashMap<>();
    scores.forEach(score -> byEvent.put(score.getEventId(), score));
    return byEvent;
  }

  /** Each user's latest score in topic order (the order the scorer emitted them per user). */
  static Map<String, LtvScore> latestByUser(List<LtvScore> scores) {
    return scores.stream().collect(Collectors.toMap(LtvScore::getUserId, Function.identity(),
        (earlier, later) -> later, LinkedHashMap::new));
  }
}
