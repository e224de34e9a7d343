package io.ltvstream.scorer.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ltvstream.core.eval.Metrics;
import io.ltvstream.core.state.MonitoredWindow;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WindowTallyTest {
  private static final long START = 20_216;
  private static final DriftRule EVERY_WINDOW = new DriftRule(0.25, 1);

  private static MonitoredWindow.Outcome outcome(double predicted, double pActive, double realised, int days) {
    return new MonitoredWindow.Outcome(START, 28, "m1", predicted, predicted / 20, pActive, realised, days);
  }

  @Test
  void partitionsTalliesSumToTheTallyOfAllTheirUsers() {
    Random random = new Random(5);
    WindowTally all = new WindowTally(START, 28, 64);
    WindowTally[] partitions = {new WindowTally(START, 28, 64), new WindowTally(START, 28, 64),
        new WindowTally(START, 28, 64)};
    for (int user = 0; user < 3000; user++) {
      double realised = random.nextDouble() < 0.3 ? random.nextDouble() * 200 : 0;
      MonitoredWindow.Outcome outcome = outcome(random.nextDouble() * 80, random.nextDouble(), realised,
          realised > 0 ? 1 : 0);
      long userHash = WindowRoller.userHash("user-" + user);
      all.add(userHash, outcome);
      partitions[user % 3].add(userHash, outcome);
    }
    for (WindowTally p : partitions) {
      p.close();
    }
    WindowTally combined = WindowTally.decode(partitions[0].encode()).plus(partitions[1]).plus(partitions[2]);
    all.close();
    ClosedWindow expected = all.figures("m1", EVERY_WINDOW);
    ClosedWindow got = combined.figures("m1", EVERY_WINDOW);
    assertThat(got.users()).isEqualTo(3000);
    assertThat(got.partitions()).isEqualTo(3);
    assertThat(got.predictedValue()).isCloseTo(expected.predictedValue(), within(1e-6));
    assertThat(got.realisedValue()).isCloseTo(expected.realisedValue(), within(1e-6));
    assertThat(got.brier()).isCloseTo(expected.brier(), within(1e-12));
    assertThat(got.giniSampleUsers()).isEqualTo(64);
    assertThat(got.spendGini()).as("the union's bottom-64 sample is the one-tally sample").isEqualTo(expected.spendGini());
  }

  @Test
  void withRoomForEveryUserTheGiniIsTheEvaluatorsOnAllOfThem() {
    double[] predicted = {50, 10, 30, 5, 80, 1};
    double[] realised = {40, 0, 35, 10, 60, 0};
    WindowTally tally = new WindowTally(START, 28, 1024);
    for (int i = 0; i < predicted.length; i++) {
      tally.add(WindowRoller.userHash("u" + i), outcome(predicted[i], 0.5, realised[i], realised[i] > 0 ? 1 : 0));
    }
    ClosedWindow w = tally.figures("m1", EVERY_WINDOW);
    assertThat(w.spendGini()).isCloseTo(Metrics.normalizedGini(predicted, realised), within(1e-6));
    assertThat(w.aggregateError()).isCloseTo((176.0 - 145) / 145, within(1e-9));
    assertThat(w.brier()).isEqualTo(0.25);
    assertThat(w.drift()).as("+21% is within 25%").isFalse();
  }

  @Test
  void aPartialThatIsStillOpenKeepsTheWindowOpen() {
    WindowTally closed = new WindowTally(START, 28, 8);
    closed.close();
    assertThat(closed.plus(new WindowTally(START, 28, 8)).closed()).isFalse();
  }
}
