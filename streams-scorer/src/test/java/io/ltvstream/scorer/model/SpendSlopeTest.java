package io.ltvstream.scorer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The spend power recovers the spread that generated the spends. */
class SpendSlopeTest {
  @Test
  void recoversThePowerOfSimulatedSpend() {
    for (double power : new double[] {0.6, 1.0, 1.2}) {
      Random random = new Random(7);
      int n = 50_000;
      double[] predicted = new double[n];
      double[] actual = new double[n];
      for (int i = 0; i < n; i++) {
        predicted[i] = Math.exp(4 * random.nextDouble());
        // a user buys with probability 0.3; the mean of what follows is 5 p^power
        actual[i] = random.nextDouble() < 0.3 ? 5 * Math.pow(predicted[i], power) / 0.3 * random.nextDouble() * 2 : 0;
      }
      assertThat(SpendSlope.fit(predicted, actual)).as("power %s", power).isCloseTo(power, within(0.06));
    }
  }

  @Test
  void dataThatCannotIdentifyAPowerGiveOne() {
    assertThat(SpendSlope.fit(new double[] {3}, new double[] {10})).isEqualTo(1);
    assertThat(SpendSlope.fit(new double[] {3, 4}, new double[] {0, 0})).isEqualTo(1);
    assertThatThrownBy(() -> SpendSlope.fit(new double[] {3, 4}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 predictions for 1 actuals");
  }
}
