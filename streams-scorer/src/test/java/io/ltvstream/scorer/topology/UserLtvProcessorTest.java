package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.LtvScore;
import io.ltvstream.core.features.EventFeatures;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.scorer.service.BundleIdentity;
import io.ltvstream.scorer.service.ModelRegistry;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scoring topology in a TopologyTestDriver, with real (tiny) bundles from the trainer. */
class UserLtvProcessorTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static ModelBundle bundle;
  private static ModelBundle otherBundle;

  @BeforeAll
  static void train() {
    bundle = TinyModel.bundle(7);
    otherBundle = TinyModel.bundle(8);
  }

  private static Instant day(double days) {
    return T0.plusMillis((long) (days * 86_400_000L));
  }

  @Test
  void everyEventGetsExactlyOneScoreHoweverItIsKeyed() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      List<EngineeredEvent> sent = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String user = "user-" + (i % 3);
        EngineeredEvent event = i % 4 == 0 ? Events.view(user, "e" + i, day(i))
            : Events.purchase(user, "e" + i, day(i), 10 + i);
        sent.add(event);
        switch (i % 3) {
          case 0 -> scorer.send(event);
          case 1 -> scorer.events.pipeInput(null, event, event.getEventTime()); // no key
          default -> scorer.events.pipeInput("someone-else", event, event.getEventTime()); // wrong key
        }
      }

      List<TestRecord<String, LtvScore>> scores = scorer.readScores();
      Map<String, Long> scoresPerEvent = scores.stream()
          .collect(Collectors.groupingBy(r -> r.value().getEventId(), Collectors.counting()));
      assertThat(scoresPerEvent).hasSize(30).allSatisfy((event, count) -> assertThat(count).isOne());
      Map<String, EngineeredEvent> byId = sent.stream()
          .collect(Collectors.toMap(EngineeredEvent::getEventId, Function.identity()));
      assertThat(scores).allSatisfy(r -> {
        assertThat(r.key()).isEqualTo(byId.get(r.value().getEventId()).getUserId());
        assertThat(r.value().getUserId()).isEqualTo(r.key());
        assertThat(r.value().getModelVersion()).isEqualTo(bundle.version());
        assertThat(r.value().getEventTime()).isEqualTo(byId.get(r.value().getEventId()).getEventTime());
        assertThat(r.value().getExpectedValue()).isFinite().isNotNegative();
        assertThat(r.value().getPActive()).isBetween(0.0, 1.0);
      });
      assertThat(scorer.deadLetters.isEmpty()).isTrue();
      assertThat(scorer.metrics.scores()).isEqualTo(30);
      assertThat(scorer.userStates().get("user-1").eventCount()).isEqualTo(10);
    }
  }

  @Test
  void scoresChangeWithHistory() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      scorer.send(Events.purchase("a", "a1", day(0), 20));
      scorer.send(Events.purchase("a", "a2", day(9), 45));
      scorer.send(Events.purchase("a", "a3", day(21), 80));
      scorer.send(Events.purchase("a", "a4", day(30), 15));

      List<LtvScore> scores = scorer.readScores().stream().map(TestRecord::value).toList();
      assertThat(scores).extracting(LtvScore::getFrequency).containsExactly(0, 1, 2, 3);
      assertThat(scores).extracting(LtvScore::getRecencyDays).containsExactly(0.0, 9.0, 21.0, 30.0);
      assertThat(scores).extracting(LtvScore::getExpectedValue).doesNotHaveDuplicates();
      assertThat(scores.get(3).getMonetaryMean()).as("m_x, the repeat days' mean")
          .isCloseTo((45 + 80 + 15) / 3.0, within(1e-9));
      assertThat(scores.get(3).getTenureDays()).isEqualTo(30.0);
    }
  }

  @Test
  void idleUsersAreRescoredWithoutAStepAndTheirValueDecays() {
    TopologySettings settings = TopologySettings.defaults()
        .withIdle(Duration.ofDays(60), Duration.ofDays(1), TopologySettings.IdleClock.STREAM);
    try (ScorerDriver scorer = new ScorerDriver(settings, () -> bundle)) {
      scorer.send(Events.purchase("a", "a1", day(0), 30));
      scorer.send(Events.purchase("a", "a2", day(20), 60));
      UserState before = scorer.userStates().get("a");
      LtvScore lastEventScore = scorer.readScores().getLast().value();

      scorer.send(Events.view("b", "b1", day(20 + 200))); // stream time moves on 200 days

      List<LtvScore> scores = scorer.readScores().stream().map(TestRecord::value).toList();
      LtvScore idle = scores.stream().filter(s -> s.getUserId().equals("a")).findFirst().orElseThrow();
      assertThat(idle.getEventId()).isNull();
      assertThat(idle.getEventTime()).isEqualTo(day(220));
      assertThat(idle.getExpectedValue()).isLessThan(lastEventScore.getExpectedValue());
      assertThat(idle.getPActive()).isLessThan(lastEventScore.getPActive());
      assertThat(scorer.userStates().get("a")).isEqualTo(before); // no step taken
      assertThat(scorer.metrics.idleRescores()).isEqualTo(1);
      assertThat(scores).filteredOn(s -> s.getUserId().equals("b")).hasSize(1);
    }
  }

  @Test
  void idleRescoringIsOffByDefault() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      scorer.send(Events.purchase("a", "a1", day(0), 30));
      scorer.send(Events.view("b", "b1", day(200)));
      assertThat(scorer.readScores()).hasSize(2);
    }
  }

  @Test
  void anEventWithinTheGracePeriodCountsAndOneBeyondItGoesToTheDeadLetterTopic() {
    TopologySettings settings = TopologySettings.defaults().withGrace(Duration.ofDays(3));
    try (ScorerDriver scorer = new ScorerDriver(settings, () -> bundle)) {
      scorer.send(Events.purchase("a", "a1", day(10), 50));
      scorer.send(Events.purchase("a", "a0", day(8), 30)); // two days late: within grace
      scorer.send(Events.purchase("a", "old", day(2), 999)); // eight days late: beyond

      List<LtvScore> scores = scorer.readScores().stream().map(TestRecord::value).toList();
      assertThat(scores).extracting(LtvScore::getEventId).containsExactly("a1", "a0");
      LtvScore late = scores.get(1);
      assertThat(late.getFrequency()).isEqualTo(1);
      assertThat(late.getRecencyDays()).isEqualTo(2.0);
      assertThat(late.getEventTime()).isEqualTo(day(10)); // scored as of the user's latest event
      assertThat(scorer.metrics.lateWithinGraceCount()).isEqualTo(1);

      UserState state = scorer.userStates().get("a");
      assertThat(state.eventCount()).isEqualTo(2);
      assertThat(state.purchaseSpend()).isEqualTo(80.0);
      assertThat(state.windowSpend(7, day(10).toEpochMilli())).isEqualTo(80.0);

      List<TestRecord<byte[], byte[]>> dead = scorer.deadLetters.readRecordsToList();
      assertThat(dead).hasSize(1);
      assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.REASON))
          .isEqualTo(DeadLetters.LATE_BEYOND_GRACE);
      assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("2");
      assertThat(DeadLetters.header(dead.get(0).headers(), DeadLetters.MESSAGE)).contains("old");
      assertThat(scorer.metrics.deadLetters()).containsEntry(DeadLetters.LATE_BEYOND_GRACE, 1L);
    }
  }

  @Test
  void anEventWithoutAUserGoesToTheDeadLetterTopic() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      EngineeredEvent anonymous = Events.purchase("", "x1", day(0), 5);
      scorer.events.pipeInput(null, anonymous, day(0));
      scorer.send(Events.purchase("a", "a1", day(1), 5));

      assertThat(scorer.readScores()).extracting(r -> r.value().getEventId()).containsExactly("a1");
      assertThat(scorer.deadLetters.readRecordsToList()).extracting(
          r -> DeadLetters.header(r.headers(), DeadLetters.REASON)).containsExactly(DeadLetters.MISSING_USER_ID);
    }
  }

  @Test
  void aModelSwapMidStreamRebuildsUsersFromTheirReplayStepsOnFirstTouch() throws IOException {
    ModelRegistry<ModelBundle> registry = new ModelRegistry<>(
        ModelBundle::read, BundleIdentity::of, null, null);
    assertThat(registry.offer("first", bundle.toBytes(), null)).isEqualTo(ModelRegistry.Outcome.LOADED);
    List<EngineeredEvent> history = List.of(
        Events.purchase("a", "a1", day(0), 20), Events.view("a", "a2", day(3)),
        Events.purchase("a", "a3", day(12), 70), Events.purchase("a", "a4", day(40), 25));

    List<LtvScore> swapped;
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), registry)) {
      history.subList(0, 3).forEach(scorer::send);
      scorer.send(Events.purchase("b", "b1", day(5), 10));
      assertThat(registry.offer("second", otherBundle.toBytes(), null)).isEqualTo(ModelRegistry.Outcome.LOADED);
      scorer.send(history.get(3));
      swapped = scorer.readScores().stream().map(TestRecord::value).toList();
      assertThat(scorer.metrics.usersRebuilt()).isEqualTo(1);
      assertThat(scorer.userStates().get("a").modelVersion()).isEqualTo(otherBundle.version());
      assertThat(scorer.userStates().get("b").modelVersion()).isEqualTo(bundle.version()); // not touched yet
    }
    assertThat(swapped).extracting(LtvScore::getModelVersion).containsExactly(
        bundle.version(), bundle.version(), bundle.version(), bundle.version(), otherBundle.version());

    List<LtvScore> newModelOnly;
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> otherBundle)) {
      history.forEach(scorer::send);
      newModelOnly = scorer.readScores().stream().map(TestRecord::value).toList();
    }
    // rebuilt from its replay steps (every event fits), the user scores as if the new model had
    // seen every event, within half precision's bound (HalfPrecisionReplayTest)
    LtvScore afterSwap = swapped.getLast();
    LtvScore reference = newModelOnly.getLast();
    assertThat(afterSwap.getExpectedValue()).isCloseTo(reference.getExpectedValue(),
        withinPercentage(100 * HalfPrecisionReplayTest.EXPECTED_VALUE_BOUND));
    assertThat(afterSwap.getPActive()).isCloseTo(reference.getPActive(), within(HalfPrecisionReplayTest.P_ACTIVE_BOUND));
    assertThat(afterSwap.getValueP90()).isCloseTo(reference.getValueP90(),
        withinPercentage(100 * HalfPrecisionReplayTest.EXPECTED_VALUE_BOUND));
  }

  @Test
  void anEventOfAnotherFeatureSpecGoesToTheDeadLetterTopicAndChangesNothing() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      scorer.send(Events.purchase("a", "a1", day(0), 20));
      UserState before = scorer.userStates().get("a");
      EngineeredEvent future = Events.purchase("a", "a2", day(1), 30);
      future.setFeatureSpecVersion(EventFeatures.FEATURE_SPEC_VERSION + 1);
      scorer.send(future);

      assertThat(scorer.readScores()).extracting(r -> r.value().getEventId()).containsExactly("a1");
      assertThat(scorer.userStates().get("a")).isEqualTo(before);
      List<TestRecord<byte[], byte[]>> dead = scorer.deadLetters.readRecordsToList();
      assertThat(dead).extracting(r -> DeadLetters.header(r.headers(), DeadLetters.REASON))
          .containsExactly(DeadLetters.FEATURE_SPEC_MISMATCH);
      assertThat(DeadLetters.header(dead.getFirst().headers(), DeadLetters.MESSAGE))
          .contains("feature spec " + (EventFeatures.FEATURE_SPEC_VERSION + 1));
      assertThat(scorer.metrics.deadLetters()).containsEntry(DeadLetters.FEATURE_SPEC_MISMATCH, 1L);
    }
  }
}
