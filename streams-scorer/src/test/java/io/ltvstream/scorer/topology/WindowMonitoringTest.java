package io.ltvstream.scorer.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.avro.EngineeredEvent;
import io.ltvstream.avro.EventType;
import io.ltvstream.core.state.UserState;
import io.ltvstream.model.Engine;
import io.ltvstream.model.EventReplay;
import io.ltvstream.model.LtvModel;
import io.ltvstream.model.ModelBundle;
import io.ltvstream.scorer.monitoring.ClosedWindow;
import io.ltvstream.scorer.monitoring.DriftRule;
import io.ltvstream.scorer.monitoring.MonitoringBoard;
import io.ltvstream.scorer.monitoring.MonitoringSettings;
import io.ltvstream.scorer.monitoring.WindowCalendar;
import io.ltvstream.scorer.monitoring.WindowRoller;
import io.ltvstream.scorer.monitoring.WindowScan;
import io.ltvstream.testkit.Events;
import io.ltvstream.testkit.TinyModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scorer's live monitoring on stream time: each user's prediction at a window's start against
 * what they did in the window, summed per window and model version.
 */
class WindowMonitoringTest {
  /** Epoch day 20,216 (a multiple of 28): a monitoring window starts. */
  private static final Instant S0 = Instant.parse("2025-05-08T00:00:00Z");
  private static final Instant S1 = S0.plus(Duration.ofDays(28));
  private static final DriftRule EVERY_WINDOW = new DriftRule(0.25, 1);
  private static final MonitoringSettings MONITORING = new MonitoringSettings(Duration.ofDays(28), EVERY_WINDOW, 1024, 1000);
  private static ModelBundle bundle;
  private static LtvModel model;

  @BeforeAll
  static void train() {
    bundle = TinyModel.bundle();
    model = new ModelInstances(() -> bundle, Engine.KERNEL).current();
  }

  private static Instant at(Instant start, double days) {
    return start.plusSeconds(Math.round(days * 86_400));
  }

  /** The model's prediction over the 28 days from {@code start} for a user with {@code history}. */
  private static double predictedAt(Instant start, List<EngineeredEvent> history) {
    UserState state = EventReplay.replay(history, model);
    return model.predict(state, start.toEpochMilli(), 28).expectedValue();
  }

  private static List<ClosedWindow> closedWindows(ScorerDriver scorer, DriftRule drift) {
    KeyValueStore<String, byte[]> tallies = scorer.driver.getKeyValueStore(TopologySettings.MONITORING_STORE);
    try (KeyValueIterator<String, byte[]> all = tallies.all()) {
      return new MonitoringBoard(drift, new ScorerMetrics()).closedWindows(all);
    }
  }

  @Test
  void aClosedWindowComparesThePredictionsAtItsStartWithWhatItsUsersDidInIt() {
    EngineeredEvent a0 = Events.purchase("a", "a0", at(S0, -10), 30);
    EngineeredEvent b0 = Events.purchase("b", "b0", at(S0, -5), 80);
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults().withMonitoring(MONITORING), () -> bundle)) {
      scorer.send(a0);
      scorer.send(b0);
      scorer.send(Events.purchase("a", "a1", at(S0, 2), 40));
      scorer.send(Events.purchase("c", "c0", at(S0, 3), 500)); // joins at the next window
      scorer.send(Events.purchase("a", "a2", at(S0, 20), 10));
      scorer.send(Events.event("a", "a3", at(S0, 21), EventType.REFUND, -5));
      assertThat(closedWindows(scorer, EVERY_WINDOW)).as("nothing has ended yet").isEmpty();
      // b stays idle: the scan at the next window's start closes b's window with nothing spent
      scorer.send(Events.view("d", "d0", at(S1, 1)));

      List<ClosedWindow> windows = closedWindows(scorer, EVERY_WINDOW);
      assertThat(windows).hasSize(1);
      ClosedWindow w = windows.getFirst();
      assertThat(w.windowStart()).isEqualTo(S0);
      assertThat(w.windowEnd()).isEqualTo(S1);
      assertThat(w.modelVersion()).isEqualTo(bundle.metadata().version());
      assertThat(w.users()).as("a and b; c's first event came inside the window").isEqualTo(2);
      assertThat(w.realisedValue()).isEqualTo(40 + 10 - 5);
      assertThat(w.realisedTransactions()).isEqualTo(2);
      double predicted = predictedAt(S0, List.of(a0)) + predictedAt(S0, List.of(b0));
      assertThat(w.predictedValue()).as("each user's prediction at the window's start, not after their next event")
          .isCloseTo(predicted, within(1e-3 * predicted));
      assertThat(w.aggregateError()).isCloseTo((w.predictedValue() - 45) / 45, within(1e-9));
      assertThat(w.spendGini()).isBetween(-1.0, 1.0);
      assertThat(w.brier()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void theDriftAlertCountsAWindowOnceWhenItsAggregateErrorPassesTheThreshold() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults().withMonitoring(MONITORING), () -> bundle)) {
      for (int u = 0; u < 20; u++) {
        scorer.send(Events.purchase("u" + u, "u" + u + "-0", at(S0, -3 - u * 0.1), 60));
      }
      scorer.send(Events.view("clock", "clock-0", at(S0, 1))); // stream time enters the window
      // nobody buys in the window: whatever was predicted, the error is far beyond any threshold
      scorer.send(Events.purchase("u0", "u0-1", at(S1, 2), 1));
      List<ClosedWindow> windows = closedWindows(scorer, EVERY_WINDOW).stream()
          .filter(w -> w.windowStart().equals(S0)).toList();
      assertThat(windows).singleElement().satisfies(w -> {
        assertThat(w.users()).isEqualTo(20);
        assertThat(w.realisedValue()).isZero();
        assertThat(w.drift()).isTrue();
      });
      MonitoringBoard board = new MonitoringBoard(EVERY_WINDOW, scorer.metrics);
      KeyValueStore<String, byte[]> tallies = scorer.driver.getKeyValueStore(TopologySettings.MONITORING_STORE);
      for (int look = 0; look < 3; look++) {
        try (KeyValueIterator<String, byte[]> all = tallies.all()) {
          board.closedWindows(all);
        }
      }
      assertThat(scorer.metrics.driftAlerts()).isEqualTo(1);
      assertThat(closedWindows(scorer, DriftRule.DEFAULT)).filteredOn(w -> w.windowStart().equals(S0))
          .as("20 users are fewer than the default rule's 100: the same window reports without an alert")
          .singleElement().satisfies(w -> assertThat(w.drift()).isFalse());
    }
  }

  @Test
  void aWindowOpenedBeforeAHotSwapIsReportedUnderTheModelThatMadeItsPrediction() {
    ModelBundle other = TinyModel.bundle(7);
    ModelBundle[] inService = {bundle};
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults().withMonitoring(MONITORING),
        () -> inService[0])) {
      scorer.send(Events.purchase("a", "a0", at(S0, -10), 30));
      scorer.send(Events.purchase("a", "a1", at(S0, 1), 20)); // opens a's window with the first model
      inService[0] = other;
      scorer.send(Events.purchase("a", "a2", at(S0, 5), 25)); // rebuilt for the second model
      scorer.send(Events.view("z", "z0", at(S1, 1)));
      assertThat(closedWindows(scorer, EVERY_WINDOW)).singleElement().satisfies(w -> {
        assertThat(w.modelVersion()).isEqualTo(bundle.metadata().version());
        assertThat(w.realisedValue()).isEqualTo(45);
      });
      assertThat(scorer.userStates().get("a").monitoredWindow().modelVersion())
          .as("the next window's prediction is the second model's").isEqualTo(other.metadata().version());
    }
  }

  /** 200 users who bought before S0 (a tenth of them again in the window from S0), and a clock user's daily views. */
  private static List<EngineeredEvent> idleShop() {
    List<EngineeredEvent> events = new ArrayList<>();
    events.add(Events.view("clock", "clock-start", at(S0, -30)));
    for (int u = 0; u < 200; u++) {
      events.add(Events.purchase(String.format("u%03d", u), "u" + u + "-0", at(S0, -1 - (u % 20) - u * 0.001), 10 + u));
    }
    for (int d = 0; d < 28 + 20; d++) {
      events.add(Events.view("clock", "clock-" + d, at(S0, d + 0.5)));
      if (d == 5) {
        for (int u = 0; u < 200; u += 10) {
          events.add(Events.purchase(String.format("u%03d", u), "u" + u + "-1", at(S0, 5.6 + u * 0.001), 25));
        }
      }
    }
    events.sort(Comparator.comparing(EngineeredEvent::getEventTime));
    return events;
  }

  private static long usersInWindowFrom(ScorerDriver scorer, Instant start) {
    long day = start.getEpochSecond() / 86_400;
    try (KeyValueIterator<String, UserState> all = scorer.userStates().all()) {
      long n = 0;
      while (all.hasNext()) {
        UserState state = all.next().value;
        n += state.monitoredWindow().isOpen() && state.monitoredWindow().startDay() == day ? 1 : 0;
      }
      return n;
    }
  }

  @Test
  void theScanRollsABoundedSliceOfIdleUsersPerDayAndClosesTheTalliesOfRollingThemAllAtOnce() {
    MonitoringSettings spread = new MonitoringSettings(Duration.ofDays(28), EVERY_WINDOW, 1024, 50);
    MonitoringSettings allAtOnce = new MonitoringSettings(Duration.ofDays(28), EVERY_WINDOW, 1024, 100_000);
    List<ClosedWindow> expected;
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults().withMonitoring(allAtOnce), () -> bundle)) {
      idleShop().forEach(scorer::send);
      expected = closedWindows(scorer, EVERY_WINDOW).stream().filter(w -> w.windowStart().equals(S0)).toList();
    }
    assertThat(expected).as("the window from S0, of the 200 users and the clock").singleElement()
        .satisfies(w -> assertThat(w.users()).isEqualTo(201));
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults().withMonitoring(spread), () -> bundle)) {
      List<EngineeredEvent> events = idleShop();
      int firstInS1 = 0;
      while (events.get(firstInS1).getEventTime().isBefore(S1)) {
        scorer.send(events.get(firstInS1++));
      }
      assertThat(usersInWindowFrom(scorer, S0)).as("every user was rolled into the window from S0 in its first days")
          .isEqualTo(201);
      scorer.send(events.get(firstInS1)); // the clock's first view from S1: one punctuation
      long rolled = usersInWindowFrom(scorer, S1);
      assertThat(rolled).as("the clock, by its event, and at most one slice of 50 idle users")
          .isBetween(2L, 51L);
      assertThat(closedWindows(scorer, EVERY_WINDOW)).as("the window is closed once all its users are in")
          .noneMatch(w -> w.windowStart().equals(S0));
      // where the pass stands is in the changelogged store, so a restart resumes it there
      String changelog = "scorer-test-" + TopologySettings.MONITORING_SCAN_STORE + "-changelog";
      List<TestRecord<byte[], byte[]>> progress = scorer.driver.createOutputTopic(changelog,
          new ByteArrayDeserializer(), new ByteArrayDeserializer()).readRecordsToList();
      WindowScan pass = WindowScan.decode(progress.getLast().value());
      assertThat(pass.startDay()).isEqualTo(S1.getEpochSecond() / 86_400);
      assertThat(pass.complete()).isFalse();
      assertThat(pass.cursor()).as("the last user this punctuation rolled").isNotNull()
          .satisfies(key -> assertThat(scorer.userStates().get(key).monitoredWindow().startDay())
              .isEqualTo(S1.getEpochSecond() / 86_400));
      events.subList(firstInS1 + 1, events.size()).forEach(scorer::send);
      assertThat(usersInWindowFrom(scorer, S1)).isEqualTo(201);
      List<ClosedWindow> windows = closedWindows(scorer, EVERY_WINDOW).stream()
          .filter(w -> w.windowStart().equals(S0)).toList();
      assertThat(windows).singleElement().satisfies(w -> {
        ClosedWindow e = expected.getFirst();
        assertThat(w.windowStart()).isEqualTo(e.windowStart());
        assertThat(w.users()).isEqualTo(e.users());
        assertThat(w.realisedValue()).isEqualTo(e.realisedValue());
        assertThat(w.realisedTransactions()).isEqualTo(e.realisedTransactions());
        assertThat(w.predictedValue()).isCloseTo(e.predictedValue(), within(1e-9 * e.predictedValue()));
        assertThat(w.predictedTransactions()).isCloseTo(e.predictedTransactions(), within(1e-9 * e.predictedTransactions()));
        assertThat(w.brier()).isCloseTo(e.brier(), within(1e-12));
        assertThat(w.spendGini()).isEqualTo(e.spendGini());
        assertThat(w.giniSampleUsers()).isEqualTo(e.giniSampleUsers());
      });
    }
  }

  @Test
  void aUserRolledPastSeveralWindowStartsAtOnceHasEachWindowInTurn() {
    // a one-day window: the scan would roll the idle user at each day; its events roll it across days at once
    MonitoringSettings daily = new MonitoringSettings(Duration.ofDays(1), EVERY_WINDOW, 1024, 1000);
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults().withMonitoring(daily), () -> bundle)) {
      scorer.send(Events.purchase("a", "a0", at(S0, -0.5), 30));
      UserState state = scorer.userStates().get("a");
      WindowRoller roller = new WindowRoller(new WindowCalendar(1));
      List<Long> closedDays = new ArrayList<>();
      List<Double> predicted = new ArrayList<>();
      roller.roll(state, at(S0, 3.5).toEpochMilli(), model, closed -> {
        closedDays.add(closed.startDay());
        predicted.add(closed.predictedValue());
      });
      long s0 = S0.getEpochSecond() / 86_400;
      assertThat(closedDays).containsExactly(s0, s0 + 1, s0 + 2);
      assertThat(state.monitoredWindow().startDay()).isEqualTo(s0 + 3);
      UserState fresh = scorer.userStates().get("a");
      for (int k = 0; k < 3; k++) {
        assertThat(predicted.get(k)).as("day %d's prediction, made at its start", k)
            .isCloseTo(model.predict(fresh, at(S0, k).toEpochMilli(), 1).expectedValue(), within(1e-5));
      }
    }
  }

  @Test
  void withMonitoringOffTheTopologyKeepsOneStore() {
    try (ScorerDriver scorer = new ScorerDriver(TopologySettings.defaults(), () -> bundle)) {
      assertThat(scorer.driver.getAllStateStores()).containsOnlyKeys(TopologySettings.USER_STATE_STORE);
    }
  }
}
