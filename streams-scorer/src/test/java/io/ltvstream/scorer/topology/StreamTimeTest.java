package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ltvstream.avro.LtvScore;
import io.ltvstream.core.state.UserStateCodec;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stream time is event time, and the idle re-scorer runs on the clock it is given. */
class StreamTimeTest {
  /** When every record of these tests was published: long after the events happened. */
  private static final Instant PUBLISHED = Instant.parse("2026-06-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2025-01-06T10:00:00Z");
  /** The driver's wall clock (ScorerDriver). */
  private static final Instant DRIVER_START = Instant.parse("2026-01-01T00:00:00Z");
  private static ModelBundle bundle;

  @BeforeAll
  static void train() {
    bundle = TinyModel.bundle();
  }

  private static Instant day(int days) {
    return T0.plus(Duration.ofDays(days));
  }

  @Test
  void aReplayOfHistoryMovesStreamTimeByItsEventTimesNotByWhenItWasPublished() {
    TopologySettings settings = TopologySettings.defaults()
        .withIdle(Duration.ofDays(60), Duration.ofDays(1), TopologySettings.IdleClock.STREAM);
    try (ScorerDriver scorer = new ScorerDriver(settings, () -> bundle)) {
      scorer.events.pipeInput("a", Events.purchase("a", "a1", day(0), 30), PUBLISHED);
      scorer.events.pipeInput("b", Events.purchase("b", "b1", day(10), 30), PUBLISHED);
      scorer.events.pipeInput("b", Events.view("b", "b2", day(100)), PUBLISHED);

      List<TestRecord<String, LtvScore>> scores = scorer.readScores();
      assertThat(scores).extracting(TestRecord::timestamp).as("scores are stamped when made, not with"
          + " old event times that the topic's retention would delete at once").containsOnly(DRIVER_START.toEpochMilli());
      List<LtvScore> idle = scores.stream().map(TestRecord::value).filter(s -> s.getEventId() == null).toList();
      assertThat(idle).extracting(LtvScore::getUserId).as("a is 100 days idle in event time").containsExactly("a");
      assertThat(idle.getFirst().getEventTime()).isEqualTo(day(100));
    }
  }

  @Test
  void aFarFutureEventIsDeadLetteredAndLeavesTheUserAndStreamTimeAsTheyWere() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      scorer.send(Events.purchase("f", "f1", Instant.parse("2025-12-30T10:00:00Z"), 20));
      byte[] before = UserStateCodec.encode(scorer.userStates().get("f"));
      // a year ahead of the driver's wall clock (and of the machine's): a producer with a broken clock
      scorer.send(Events.purchase("f", "f2", Instant.now().plus(Duration.ofDays(365)), 500));
      scorer.send(Events.purchase("f", "f3", Instant.parse("2025-12-31T10:00:00Z"), 30));

      assertThat(scorer.deadLetters.readRecordsToList()).singleElement()
          .satisfies(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON))
              .isEqualTo(DeadLetters.FUTURE_EVENT_TIME));
      assertThat(scorer.readScores()).extracting(r -> r.value().getEventId().toString())
          .containsExactly("f1", "f3");
      assertThat(UserStateCodec.encode(scorer.userStates().get("f"))).isNotEqualTo(before);
      assertThat(scorer.userStates().get("f").lastEventMillis())
          .isEqualTo(Instant.parse("2025-12-31T10:00:00Z").toEpochMilli());
    }
  }

  @Test
  void aTombstoneKeepsItsRecordTimestampAndStillReachesTheDeadLetterTopic() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      scorer.events.pipeInput("a", null, PUBLISHED);
      assertThat(scorer.deadLetters.readRecordsToList()).singleElement()
          .satisfies(r -> assertThat(DeadLetters.header(r.headers(), DeadLetters.REASON))
              .isEqualTo(DeadLetters.MISSING_USER_ID));
    }
  }

  @Test
  void onTheWallClockIdleUsersAreRescoredOncePerIdlePeriodWhateverEventTimesArrive() {
    TopologySettings settings = TopologySettings.defaults()
        .withIdle(Duration.ofDays(30), Duration.ofDays(1), TopologySettings.IdleClock.WALL);
    // the driver's wall clock starts at 2026-01-01T00:00Z
    try (ScorerDriver scorer = new ScorerDriver(settings, () -> bundle)) {
      scorer.send(Events.purchase("a", "a1", Instant.parse("2025-12-20T00:00:00Z"), 30));
      scorer.send(Events.purchase("b", "b1", Instant.parse("2027-01-01T00:00:00Z"), 30)); // stream time leaps
      scorer.readScores();

      scorer.driver.advanceWallClockTime(Duration.ofDays(15)); // a: 27 days idle
      assertThat(scorer.readScores()).isEmpty();

      scorer.driver.advanceWallClockTime(Duration.ofDays(4)); // a: 31 days idle
      List<LtvScore> idle = scorer.readScores().stream().map(TestRecord::value).toList();
      assertThat(idle).extracting(LtvScore::getUserId).containsExactly("a");
      assertThat(idle.getFirst().getEventTime()).isEqualTo(Instant.parse("2026-01-20T00:00:00Z"));

      scorer.driver.advanceWallClockTime(Duration.ofDays(1)); // same idle period
      assertThat(scorer.readScores()).isEmpty();
      scorer.driver.advanceWallClockTime(Duration.ofDays(30)); // the next one
      assertThat(scorer.readScores()).extracting(r -> r.value().getUserId()).containsExactly("a");
      assertThat(scorer.metrics.idleRescores()).isEqualTo(2);
    }
  }
}
