package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.core.state.UserState;
import io.ltvstream.core.state.UserStateCodec;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scorer is idempotent: an event seen before reaches no user's value twice and emits no score. */
class DuplicateEventsTest {
  private static ModelBundle bundle;

  @BeforeAll
  static void train() {
    bundle = TinyModel.bundle();
  }

  /** Every user's store value, encoded, as hex (so that maps compare byte for byte). */
  private static Map<String, String> storedBytes(ScorerDriver scorer) {
    Map<String, String> bytes = new TreeMap<>();
    try (KeyValueIterator<String, UserState> all = scorer.userStates().all()) {
      all.forEachRemaining((KeyValue<String, UserState> kv) ->
          bytes.put(kv.key, HexFormat.of().formatHex(UserStateCodec.encode(kv.value))));
    }
    return bytes;
  }

  private static long deadLetters(ScorerDriver scorer) {
    return scorer.metrics.deadLetters().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void feedingTheSameEventsTwiceLeavesEveryUserAsOnePassDidAndEmitsNoSecondScore() {
    List<EngineeredEvent> events = ShopEvents.of(40, 90);
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      events.forEach(scorer::send);
      Map<String, String> onePass = storedBytes(scorer);
      long firstPassScores = scorer.readScores().size();
      assertThat(firstPassScores).isEqualTo(events.size() - deadLetters(scorer));

      events.forEach(scorer::send);

      assertThat(storedBytes(scorer)).isEqualTo(onePass);
      assertThat(scorer.readScores()).as("no second score: every user's last score is the first pass's").isEmpty();
      assertThat(scorer.metrics.duplicates()).isPositive();
      assertThat(scorer.metrics.scores() + deadLetters(scorer) + scorer.metrics.duplicates())
          .as("events in = scores + dead letters + duplicates").isEqualTo(2L * events.size());
    }
  }

  @Test
  void aProducerRetryOfAnEventIsADuplicateHoweverTheRecordIsKeyed() {
    Instant t = Instant.parse("2026-03-02T10:00:00Z");
    EngineeredEvent purchase = Events.purchase("a", "a1", t, 40);
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      scorer.send(purchase);
      scorer.send(Events.view("a", "a2", t.plusSeconds(60)));
      UserState before = scorer.userStates().get("a");

      scorer.send(purchase); // keyed by its user
      scorer.events.pipeInput(null, purchase, t); // no key: through the repartition

      assertThat(scorer.readScores()).extracting(r -> r.value().getEventId()).containsExactly("a1", "a2");
      assertThat(scorer.userStates().get("a")).isEqualTo(before);
      assertThat(scorer.userStates().get("a").purchaseSpend()).isEqualTo(40.0);
      assertThat(scorer.metrics.duplicates()).isEqualTo(2);
      assertThat(scorer.deadLetters.isEmpty()).isTrue();
    }
  }
}
